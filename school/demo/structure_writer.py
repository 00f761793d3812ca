"""The demo school's year: calendar, lists, classes, pupils, parents, load, timetable.

Written with bulk inserts that also write history rows; one transaction per school.
A school that already has classes this year is left as it is (idempotent).
"""

from __future__ import annotations

import datetime
import math
import random
from collections import defaultdict
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from .. import models as m
from .blueprint import SchoolPlan
from .curriculum import BELLS, SPLIT_FROM_GRADE, SPLIT_SUBJECT, SUBJECTS, WORK_KINDS
from .topics import plan_topics

BATCH = 2000
MAX_LESSONS = {1: 4, 2: 5, 3: 5, 4: 5, 5: 6, 6: 6, 7: 7, 8: 7, 9: 7, 10: 7, 11: 7}
PRIMARY_TAUGHT_BY_OTHERS = {SPLIT_SUBJECT, "Физическая культура"}
WEEKLY_HOURS = 24


def _gender(patronymic: str) -> str:
    """Иванович → m, Ивановна → f."""
    return "f" if patronymic.endswith("на") else "m"


def _bulk(objs, model, admin):
    if objs:
        bulk_create_with_history(objs, model, batch_size=BATCH, default_user=admin)
    return objs


class StructureWriter:
    def __init__(
        self, *, admin, school, plan: SchoolPlan, year, named: dict, seed: int
    ):
        self.admin, self.school, self.plan, self.year = admin, school, plan, year
        self.named = named
        self.rng = random.Random(f"ejournal-structure:{seed}:{plan.code}")
        self.users = {}
        self.stats: dict[str, int] = defaultdict(int)

    def write(self) -> dict[str, int]:
        if (
            m.SchoolClass.objects.for_school(self.school)
            .filter(year=self.year)
            .exists()
        ):
            return {}
        usernames = [p.username for p in (*self.plan.pupils, *self.plan.parents)]
        usernames += [p.username for p in self.plan.teachers]
        self.users = dict(
            m.User.objects.filter(username__in=usernames).values_list("username", "pk")
        )
        self._calendar()
        self._reference()
        self._staff()
        self._classes()
        self._pupils_and_parents()
        self._load_and_timetable()
        self._plans_and_control_works()
        return dict(self.stats)

    # --- calendar and lists ---------------------------------------------------
    def _calendar(self) -> None:
        y0 = self.year.starts_on.year
        d = datetime.date
        quarters = [
            ("1 четверть", d(y0, 9, 1), d(y0, 10, 24)),
            ("2 четверть", d(y0, 11, 5), d(y0, 12, 28)),
            ("3 четверть", d(y0 + 1, 1, 12), d(y0 + 1, 3, 20)),
            ("4 четверть", d(y0 + 1, 3, 30), d(y0 + 1, 5, 26)),
        ]
        halves = [
            ("1 полугодие", d(y0, 9, 1), d(y0, 12, 28)),
            ("2 полугодие", d(y0 + 1, 1, 12), d(y0 + 1, 5, 26)),
        ]
        bands = [
            ("Четверти, 1–9 классы", m.PeriodKind.QUARTER, 1, 9, quarters),
            ("Полугодия, 10–11 классы", m.PeriodKind.HALF, 10, 11, halves),
        ]
        schemes = _bulk(
            [
                m.PeriodScheme(
                    school=self.school,
                    year=self.year,
                    name=name,
                    kind=kind,
                    grade_from=low,
                    grade_to=high,
                )
                for name, kind, low, high, _ in bands
            ],
            m.PeriodScheme,
            self.admin,
        )
        periods = [
            m.StudyPeriod(
                school=self.school,
                scheme=scheme,
                number=n,
                name=name,
                starts_on=start,
                ends_on=end,
            )
            for scheme, band in zip(schemes, bands, strict=True)
            for n, (name, start, end) in enumerate(band[4], start=1)
        ]
        _bulk(periods, m.StudyPeriod, self.admin)
        holidays = [
            (m.HolidayKind.AUTUMN, "Осенние каникулы", d(y0, 10, 25), d(y0, 11, 4), 1),
            (
                m.HolidayKind.WINTER,
                "Зимние каникулы",
                d(y0, 12, 29),
                d(y0 + 1, 1, 11),
                1,
            ),
            (
                m.HolidayKind.EXTRA,
                "Дополнительные каникулы для 1 классов",
                d(y0 + 1, 2, 15),
                d(y0 + 1, 2, 21),
                0,
            ),
            (
                m.HolidayKind.SPRING,
                "Весенние каникулы",
                d(y0 + 1, 3, 21),
                d(y0 + 1, 3, 29),
                1,
            ),
            (
                m.HolidayKind.DAY_OFF,
                "День защитника Отечества",
                d(y0 + 1, 2, 23),
                d(y0 + 1, 2, 23),
                1,
            ),
            (
                m.HolidayKind.SUMMER,
                "Летние каникулы",
                d(y0 + 1, 5, 27),
                d(y0 + 1, 8, 31),
                1,
            ),
        ]
        _bulk(
            [
                m.Holiday(
                    school=self.school,
                    year=self.year,
                    kind=kind,
                    name=name,
                    starts_on=start,
                    ends_on=end,
                    grade_from=1,
                    grade_to=11 if all_ else 1,
                )
                for kind, name, start, end, all_ in holidays
            ],
            m.Holiday,
            self.admin,
        )
        self.stats["periods"] = len(periods)

    def _reference(self) -> None:
        self.subjects = {
            s.name: s
            for s in _bulk(
                [
                    m.Subject(
                        school=self.school, name=name, short_name=short, component=c
                    )
                    for name, short, c, _ in SUBJECTS
                ],
                m.Subject,
                self.admin,
            )
        }
        _bulk(
            [
                m.GradingScale(
                    school=self.school,
                    name="Безотметочное обучение",
                    kind=m.GradingScaleKind.MARKS_FREE,
                    values=[],
                    pass_threshold="",
                    grade_from=1,
                    grade_to=1,
                ),
                m.GradingScale(
                    school=self.school,
                    name="Пятибалльная",
                    kind=m.GradingScaleKind.FIVE_POINT,
                    values=["1", "2", "3", "4", "5"],
                    pass_threshold="3",
                    grade_from=2,
                    grade_to=11,
                ),
            ],
            m.GradingScale,
            self.admin,
        )
        _bulk(
            [
                m.WorkKind(
                    school=self.school,
                    name=name,
                    short_name=short,
                    weight=Decimal(weight),
                    deadline_days=days,
                    is_control=control,
                )
                for name, short, weight, days, control in WORK_KINDS
            ],
            m.WorkKind,
            self.admin,
        )
        schedule = _bulk(
            [m.BellSchedule(school=self.school, name="Основное", is_default=True)],
            m.BellSchedule,
            self.admin,
        )[0]
        _bulk(
            [
                m.Bell(
                    schedule=schedule,
                    number=n,
                    starts_at=datetime.time.fromisoformat(start),
                    ends_at=datetime.time.fromisoformat(end),
                )
                for n, start, end in BELLS
            ],
            m.Bell,
            self.admin,
        )

    # --- people ---------------------------------------------------------------
    def _staff(self) -> None:
        teacher_ids = [self.users[p.username] for p in self.plan.teachers]
        named = self.named
        if named:
            teacher_ids += [named["teacher"].pk, named["classteacher"].pk]
        self.teacher_ids = teacher_ids
        records = [
            m.StaffMember(
                school=self.school,
                user_id=uid,
                position=m.Position.TEACHER,
                hired_on=datetime.date(self.rng.randint(1995, 2025), 8, 25),
                hire_order=f"{self.rng.randint(10, 99)}-к",
            )
            for uid in teacher_ids
        ]
        for username, position in (
            ("director", m.Position.DIRECTOR),
            ("zavuch", m.Position.DEPUTY),
            ("sysadmin", m.Position.SYSADMIN),
        ):
            if username in named:
                records.append(
                    m.StaffMember(
                        school=self.school,
                        user=named[username],
                        position=position,
                        hired_on=datetime.date(2015, 8, 25),
                        hire_order="15-к",
                    )
                )
        _bulk(records, m.StaffMember, self.admin)
        self.stats["staff"] = len(records)

    def _classes(self) -> None:
        rooms = [
            m.Room(school=self.school, name=str(100 + i), capacity=30)
            for i in range(1, len(self.plan.classes) + 1)
        ]
        rooms += [
            m.Room(school=self.school, name=f"Лингафонный {i}", capacity=15)
            for i in range(1, 9)
        ]
        self.rooms = _bulk(rooms, m.Room, self.admin)
        self.class_rows = _bulk(
            [
                m.SchoolClass(
                    school=self.school,
                    year=self.year,
                    grade=c.grade,
                    letter=c.letter,
                    days_per_week=5,
                    shift=1,
                )
                for c in self.plan.classes
            ],
            m.SchoolClass,
            self.admin,
        )
        groups = []
        for school_class in self.class_rows:
            groups.append(
                m.StudyGroup(
                    school=self.school,
                    year=self.year,
                    kind=m.GroupKind.CLASS,
                    name=school_class.name,
                    school_class=school_class,
                    grade=school_class.grade,
                )
            )
            if school_class.grade >= SPLIT_FROM_GRADE:
                for half in (1, 2):
                    groups.append(
                        m.StudyGroup(
                            school=self.school,
                            year=self.year,
                            kind=m.GroupKind.SUBGROUP,
                            name=f"{school_class.name} англ., {half} подгруппа",
                            school_class=school_class,
                            grade=school_class.grade,
                            subject=self.subjects[SPLIT_SUBJECT],
                        )
                    )
        _bulk(groups, m.StudyGroup, self.admin)
        self.groups = defaultdict(list)
        for group in groups:
            self.groups[group.school_class_id].append(group)

    def _pupils_and_parents(self) -> None:
        start = self.year.starts_on
        students, enrollments, memberships = [], [], []
        by_username = {}
        for plan_class, school_class in zip(
            self.plan.classes, self.class_rows, strict=True
        ):
            pupils = [
                (p.username, self.users[p.username], _gender(p.patronymic))
                for p in plan_class.pupils
            ]
            if self.named and plan_class.name == "5А":
                pupils.append(("student", self.named["student"].pk, "m"))
            for n, (username, uid, gender) in enumerate(pupils):
                student = m.Student(
                    school=self.school,
                    user_id=uid,
                    record_number=f"{school_class.name}-{n + 1:03d}",
                    gender=gender,
                    birth_date=datetime.date(start.year - 6 - plan_class.grade, 1, 1)
                    + datetime.timedelta(days=self.rng.randint(0, 364)),
                )
                students.append((student, school_class, n, len(pupils)))
                by_username[username] = student
        _bulk([s for s, *_ in students], m.Student, self.admin)
        for student, school_class, n, size in students:
            enrollments.append(
                m.Enrollment(
                    school=self.school,
                    student=student,
                    school_class=school_class,
                    starts_on=start,
                    start_kind=m.MovementKind.PROMOTED
                    if school_class.grade > 1
                    else m.MovementKind.ADMITTED,
                    start_order="1-у",
                    start_order_date=start - datetime.timedelta(days=2),
                )
            )
            for group in self.groups[school_class.pk]:
                half = 1 if n < size / 2 else 2
                if group.kind == m.GroupKind.CLASS or group.name.endswith(
                    f"{half} подгруппа"
                ):
                    memberships.append(
                        m.GroupMembership(
                            school=self.school,
                            group=group,
                            student=student,
                            starts_on=start,
                        )
                    )
        _bulk(enrollments, m.Enrollment, self.admin)
        _bulk(memberships, m.GroupMembership, self.admin)
        guardians = {}
        for parent in self.plan.parents:
            guardians[parent.username] = m.Guardian(
                school=self.school,
                user_id=self.users[parent.username],
                phone=f"+7 9{self.rng.randint(10, 99)} {self.rng.randint(100, 999)}-"
                f"{self.rng.randint(10, 99)}-{self.rng.randint(10, 99)}",
            )
        links = [
            (parent, pupil, relation)
            for parent, pupil, relation in self.plan.parent_links
        ]
        if self.named:
            guardians["parent"] = m.Guardian(
                school=self.school, user=self.named["parent"], phone="+7 900 000-00-01"
            )
            second_child = self.plan.classes[0].pupils[0].username
            links += [
                ("parent", "student", "father"),
                ("parent", second_child, "father"),
            ]
        _bulk(list(guardians.values()), m.Guardian, self.admin)
        relations = [
            m.GuardianRelation(
                school=self.school,
                guardian=guardians[parent],
                student=by_username[pupil],
                relation=relation,
            )
            for parent, pupil, relation in links
        ]
        _bulk(relations, m.GuardianRelation, self.admin)
        self.stats.update(
            students=len(students), guardians=len(guardians), relations=len(relations)
        )

    # --- load and timetable ---------------------------------------------------
    def _load_and_timetable(self) -> None:
        lines, units = [], []
        hours = {name: spec for name, _s, _c, spec in SUBJECTS}
        for grade in sorted({c.grade for c in self.class_rows}):
            for name, spec in hours.items():
                if grade in spec:
                    lines.append(
                        m.CurriculumLine(
                            school=self.school,
                            year=self.year,
                            grade=grade,
                            subject=self.subjects[name],
                            hours_per_week=spec[grade],
                        )
                    )
        _bulk(lines, m.CurriculumLine, self.admin)
        load: dict[int, int] = defaultdict(int)
        class_teacher = {}
        named_ids = {u.pk for u in self.named.values()} if self.named else set()
        pool = [t for t in self.teacher_ids if t not in named_ids]
        primary = [c for c in self.class_rows if c.grade <= 4]
        for school_class in primary:
            class_teacher[school_class.pk] = pool.pop(0)
        for school_class in self.class_rows:
            for name, spec in hours.items():
                if school_class.grade not in spec:
                    continue
                groups = self.groups[school_class.pk]
                if name == SPLIT_SUBJECT and school_class.grade >= SPLIT_FROM_GRADE:
                    targets = [g for g in groups if g.kind == m.GroupKind.SUBGROUP]
                else:
                    targets = [g for g in groups if g.kind == m.GroupKind.CLASS]
                units.append((school_class, name, targets, spec[school_class.grade]))
        demand: dict[str, int] = defaultdict(int)
        for school_class, name, targets, h in units:
            if school_class.grade <= 4 and name not in PRIMARY_TAUGHT_BY_OTHERS:
                continue
            demand[name] += h * len(targets)
        specialists: dict[str, list[int]] = {}
        for name in sorted(demand, key=demand.get, reverse=True):
            wanted = max(1, math.ceil(demand[name] / WEEKLY_HOURS))
            chosen = [pool.pop(0) for _ in range(min(wanted, len(pool)))]
            if not chosen:
                chosen = [min(self.teacher_ids, key=lambda t: load[t])]
            specialists[name] = chosen
        assignments = []
        lessons = []  # (class, [(group, teacher, subject)], count)
        for school_class, name, targets, h in units:
            pairs = []
            for group in targets:
                if school_class.grade <= 4 and name not in PRIMARY_TAUGHT_BY_OTHERS:
                    teacher = class_teacher[school_class.pk]
                else:
                    teacher = min(specialists[name], key=lambda t: load[t])
                load[teacher] += h
                pairs.append((group, teacher))
                assignments.append(
                    m.TeachingAssignment(
                        school=self.school,
                        year=self.year,
                        teacher_id=teacher,
                        subject=self.subjects[name],
                        group=group,
                        hours_per_week=h,
                        starts_on=self.year.starts_on,
                    )
                )
            lessons.append((school_class, name, pairs, h))
        class_teacher = self._class_teachers(class_teacher, lessons)
        if self.named:
            # The named demo logins take over real work: the class teacher of 5А
            # and a mathematics teacher.
            fifth = next(c for c in self.class_rows if c.name == "5А")
            swaps = {
                class_teacher[fifth.pk]: self.named["classteacher"].pk,
                specialists["Математика"][0]: self.named["teacher"].pk,
            }
            for a in assignments:
                a.teacher_id = swaps.get(a.teacher_id, a.teacher_id)
            lessons = [
                (c, n, [(g, swaps.get(t, t)) for g, t in pairs], h)
                for c, n, pairs, h in lessons
            ]
            class_teacher = {k: swaps.get(v, v) for k, v in class_teacher.items()}
        _bulk(assignments, m.TeachingAssignment, self.admin)
        self.assignments = assignments
        self._write_class_teachers(class_teacher)
        self._timetable(lessons)
        self.stats["assignments"] = len(assignments)

    def _class_teachers(self, class_teacher: dict, lessons) -> dict:
        """Primary classes keep their teacher; older ones get one who teaches them."""
        taken = set(class_teacher.values())
        for school_class, _name, pairs, _h in lessons:
            if school_class.pk in class_teacher:
                continue
            for _group, teacher in pairs:
                if teacher not in taken:
                    class_teacher[school_class.pk] = teacher
                    taken.add(teacher)
                    break
        return class_teacher

    def _write_class_teachers(self, class_teacher: dict) -> None:
        for school_class in self.class_rows:
            school_class.class_teacher_id = class_teacher.get(school_class.pk)
        m.SchoolClass.objects.bulk_update(self.class_rows, ["class_teacher"])
        m.SchoolClass.history.bulk_history_create(
            self.class_rows, default_user=self.admin, update=True
        )
        have = set(
            m.Membership.objects.for_school(self.school)
            .filter(role=m.Role.CLASS_TEACHER)
            .values_list("user_id", flat=True)
        )
        _bulk(
            [
                m.Membership(
                    user_id=uid,
                    school=self.school,
                    municipality_id=self.school.municipality_id,
                    role=m.Role.CLASS_TEACHER,
                )
                for uid in sorted(set(class_teacher.values()) - have)
            ],
            m.Membership,
            self.admin,
        )

    def _timetable(self, lessons) -> None:
        busy_teacher, busy_class, day_load = set(), set(), defaultdict(int)
        per_day_subject = defaultdict(int)
        home_room = dict(zip([c.pk for c in self.class_rows], self.rooms, strict=False))
        language_rooms = [r for r in self.rooms if r.name.startswith("Лингафонный")]
        teacher_room: dict[int, m.Room] = {}
        entries = []
        units = [
            (school_class, name, pairs)
            for school_class, name, pairs, h in lessons
            for _ in range(h)
        ]
        self.rng.shuffle(units)
        units.sort(key=lambda u: -len(u[2]))  # split lessons are hardest: place first
        for school_class, name, pairs in units:
            days = sorted(
                range(1, 6),
                key=lambda d: (
                    per_day_subject[(school_class.pk, name, d)],
                    day_load[(school_class.pk, d)],
                    d,
                ),
            )
            placed = False
            for day in days:
                for number in range(1, MAX_LESSONS[school_class.grade] + 1):
                    if (school_class.pk, day, number) in busy_class:
                        continue
                    if any((t, day, number) in busy_teacher for _g, t in pairs):
                        continue
                    for i, (group, teacher) in enumerate(pairs):
                        room = home_room[school_class.pk]
                        if i == 1:
                            # Each language teacher keeps one room of their own.
                            if teacher not in teacher_room:
                                spare = language_rooms[len(teacher_room) % 8]
                                teacher_room[teacher] = spare
                            room = teacher_room[teacher]
                        entries.append(
                            m.TimetableEntry(
                                school=self.school,
                                year=self.year,
                                weekday=day,
                                lesson_number=number,
                                group=group,
                                subject=self.subjects[name],
                                teacher_id=teacher,
                                room=room,
                                starts_on=self.year.starts_on,
                            )
                        )
                        busy_teacher.add((teacher, day, number))
                    busy_class.add((school_class.pk, day, number))
                    day_load[(school_class.pk, day)] += 1
                    per_day_subject[(school_class.pk, name, day)] += 1
                    placed = True
                    break
                if placed:
                    break
            if not placed:
                self.stats["lessons_not_placed"] += 1
        _bulk(entries, m.TimetableEntry, self.admin)
        self.entries = entries
        self.stats["timetable_entries"] = len(entries)

    def _control_slot(self, group, subject, start, taken):
        """The first lesson of the subject from `start` on, one work a day."""
        numbers = defaultdict(list)
        for entry in self.entries:
            if entry.group_id == group.pk and entry.subject_id == subject.pk:
                numbers[entry.weekday].append(entry.lesson_number)
        for offset in range(1, 9):
            day = start + datetime.timedelta(days=offset)
            if day.isoweekday() in numbers and day not in taken:
                return day, min(numbers[day.isoweekday()])
        return None

    # --- topic plans and control works --------------------------------------------
    def _plans_and_control_works(self) -> None:
        weeks = 34
        items = [
            m.LessonPlanItem(
                school=self.school,
                year=self.year,
                group_id=a.group_id,
                subject_id=a.subject_id,
                number=n,
                section=section,
                topic=topic,
            )
            for a in self.assignments
            for n, (section, topic) in enumerate(
                plan_topics(a.subject.name, int(a.hours_per_week) * weeks), start=1
            )
        ]
        _bulk(items, m.LessonPlanItem, self.admin)
        control = m.WorkKind.objects.for_school(self.school).get(
            is_control=True, name="Контрольная работа"
        )
        periods = m.StudyPeriod.objects.for_school(self.school).select_related("scheme")
        works = []
        for school_class in self.class_rows:
            if school_class.grade < 2:
                continue  # marks-free first grade writes no control works
            group = next(
                g for g in self.groups[school_class.pk] if g.kind == m.GroupKind.CLASS
            )
            maths = "Математика" if school_class.grade <= 6 else "Алгебра"
            for period in periods:
                if (
                    not period.scheme.grade_from
                    <= school_class.grade
                    <= period.scheme.grade_to
                ):
                    continue
                week = period.ends_on - datetime.timedelta(days=9)
                taken: set[datetime.date] = set()
                for subject in ("Русский язык", maths):
                    slot = self._control_slot(
                        group, self.subjects[subject], week, taken
                    )
                    if slot is None:
                        continue
                    day, number = slot
                    taken.add(day)
                    works.append(
                        m.ControlWork(
                            school=self.school,
                            year=self.year,
                            group=group,
                            subject=self.subjects[subject],
                            date=day,
                            lesson_number=number,
                            title=f"Контрольная работа за {period.name}",
                            work_kind=control,
                            created_by=self.admin,
                        )
                    )
        _bulk(works, m.ControlWork, self.admin)
        self.stats.update(plan_items=len(items), control_works=len(works))
