"""The demo school's year up to yesterday in the journal.

Lessons held by the timetable with the КТП topics in order, homework, marks from a
per-pupil ability, attendance with illness spells, substitutions and one cancelled
and one moved lesson, period marks of the finished periods. Written with bulk
inserts that write their history rows (author and moment of each entry), one
transaction per class, so a run that stops half-way resumes at the next class and a
second run adds nothing. Deterministic for a seed and the day it runs.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from school.demo import rows as fast
from school.models import (
    Bell,
    ChangeKind,
    ControlWork,
    GradingScale,
    GradingScaleKind,
    GroupKind,
    GroupMembership,
    Holiday,
    LessonPlanItem,
    Position,
    SchoolClass,
    StaffMember,
    StudyGroup,
    StudyPeriod,
    TeachingAssignment,
    TimetableChange,
    TimetableEntry,
    User,
    WorkKind,
)

from .. import rules
from ..models import Attendance, AttendanceValue, Homework, Lesson, Mark
from . import texts
from .closing import period_marks_for_class

BATCH = 2000
DAY = datetime.timedelta(days=1)
FILES_PER_SCHOOL = 6
ORAL, HOMEWORK_KIND = "Ответ на уроке", "Домашняя работа"
WRITTEN_KINDS = {
    "Русский язык": ["Диктант", "Самостоятельная работа", "Проверочная работа"],
    "Физическая культура": ["Практическая работа"],
    "Труд (технология)": ["Практическая работа"],
    "Информатика": ["Практическая работа", "Самостоятельная работа"],
    "Физика": ["Практическая работа", "Самостоятельная работа", "Проверочная работа"],
    "Химия": ["Практическая работа", "Самостоятельная работа", "Проверочная работа"],
}
DEFAULT_WRITTEN = ["Самостоятельная работа", "Проверочная работа"]
CONTROL = "Контрольная работа"


@dataclass(slots=True)
class Held:
    """A lesson written as a plain row; what the entries of the lesson need."""

    id: int
    date: datetime.date
    lesson_number: int
    group: StudyGroup
    subject_id: int
    subject_name: str
    teacher_id: int
    topic: str
    ordinal: int


@dataclass(slots=True)
class Scored:
    """A mark as the grading functions read it (value and work_kind.weight)."""

    student_id: int
    subject_id: int
    date: datetime.date
    value: str
    work_kind: WorkKind

    @property
    def weight(self):
        return self.work_kind.weight


@dataclass
class Slot:
    day: datetime.date
    number: int
    entry: TimetableEntry
    teacher_id: int
    is_substitution: bool = False


def fill(ctx) -> dict[str, int]:
    """The journal filler registered with school.demo.extensions."""
    return JournalTerm(ctx).write()


class JournalTerm:
    def __init__(self, ctx):
        self.ctx, self.school, self.year = ctx, ctx.school, ctx.year
        self.yesterday = ctx.today - DAY
        self.stats: dict[str, int] = defaultdict(int)
        self.files_left = FILES_PER_SCHOOL

    def write(self) -> dict[str, int]:
        if self.yesterday < self.year.starts_on:
            return {}
        self._load()
        for school_class in self.classes:
            group_ids = [g.pk for g in self.groups[school_class.pk]]
            if Lesson.objects.filter(group_id__in=group_ids).exists():
                continue
            with transaction.atomic():
                self._class(school_class)
        from .closing import corrections_write, periods_close

        with transaction.atomic():
            self.stats["periods_closed"] += periods_close(self)
        with transaction.atomic():
            self.stats["correction_requests"] += corrections_write(self)
        return dict(self.stats)

    # --- what the structure already holds -----------------------------------------
    def _load(self) -> None:
        school, year = self.school, self.year
        self.classes = list(
            SchoolClass.objects.for_school(school)
            .filter(year=year)
            .order_by("grade", "letter")
        )
        self.groups = defaultdict(list)
        for group in StudyGroup.objects.for_school(school).filter(year=year):
            self.groups[group.school_class_id].append(group)
        self.members = defaultdict(list)
        rows = (
            GroupMembership.objects.for_school(school)
            .filter(group__year=year)
            .select_related("student")
            .order_by("student__record_number")
        )
        for row in rows:
            self.members[row.group_id].append(row)
        self.entries = list(
            TimetableEntry.objects.for_school(school)
            .filter(year=year)
            .select_related("group", "subject")
        )
        self.busy = {(e.teacher_id, e.weekday, e.lesson_number) for e in self.entries}
        self.bells = {
            b.number: (b.starts_at, b.ends_at)
            for b in Bell.objects.filter(
                schedule__school=school, schedule__is_default=True
            )
        }
        self.holidays = list(Holiday.objects.for_school(school).filter(year=year))
        self.periods = list(
            StudyPeriod.objects.for_school(school)
            .filter(scheme__year=year)
            .select_related("scheme")
            .order_by("scheme__grade_from", "number")
        )
        self.kinds = {k.name: k for k in WorkKind.objects.for_school(school)}
        self.marks_free = [
            (s.grade_from, s.grade_to)
            for s in GradingScale.objects.for_school(school).filter(
                kind=GradingScaleKind.MARKS_FREE
            )
        ]
        self.control = {
            (c.group_id, c.subject_id, c.date)
            for c in ControlWork.objects.for_school(school).filter(year=year)
        }
        self.assignments = {
            (a.group_id, a.subject_id): a
            for a in TeachingAssignment.objects.for_school(school).filter(year=year)
        }
        # Substitutes come from the teaching staff, not the director or sysadmin.
        teacher_ids = (
            StaffMember.objects.for_school(school)
            .filter(position=Position.TEACHER)
            .values_list("user_id", flat=True)
        )
        self.teachers = sorted({e.teacher_id for e in self.entries} | set(teacher_ids))
        self.users = User.objects.in_bulk(self.teachers)
        named = self.ctx.named
        self.deputy = named.get("zavuch") or self.ctx.admin
        self.users[self.deputy.pk] = self.deputy
        self.demo_teacher = named.get("teacher")
        self.tz = school.tzinfo

    def is_marks_free(self, grade: int) -> bool:
        return any(low <= grade <= high for low, high in self.marks_free)

    def at(self, day: datetime.date, time: datetime.time, minutes: int = 0):
        moment = datetime.datetime.combine(day, time, tzinfo=self.tz)
        return moment + datetime.timedelta(minutes=minutes)

    def _holiday(self, day: datetime.date, grade: int) -> bool:
        return any(
            h.starts_on <= day <= h.ends_on and h.grade_from <= grade <= h.grade_to
            for h in self.holidays
        )

    # --- one class --------------------------------------------------------------------
    def _class(self, school_class: SchoolClass) -> None:
        rng = random.Random(
            f"ejournal-term:{self.ctx.seed}:{self.school.code}:{school_class.name}"
        )
        group_ids = {g.pk for g in self.groups[school_class.pk]}
        entries = sorted(
            (e for e in self.entries if e.group_id in group_ids),
            key=lambda e: (e.weekday, e.lesson_number, e.group.name, e.subject.name),
        )
        class_group = next(
            g for g in self.groups[school_class.pk] if g.kind == GroupKind.CLASS
        )
        pupils = [m.student for m in self.members[class_group.pk]]
        days = [
            d
            for d in _dates(self.year.starts_on, self.yesterday)
            if d.isoweekday() <= 5 and not self._holiday(d, school_class.grade)
        ]
        if not days or not entries:
            return
        ability = {p.pk: _ability(rng) for p in pupils}
        absent = {p.pk: _absences(rng, days) for p in pupils}
        changes = self._changes(rng, school_class, entries, days)
        slots = self._slots(entries, days, changes)
        lessons = self._lessons(rng, slots)
        self.stats["lessons"] += len(lessons)
        self.stats["timetable_changes"] += len(changes)
        writer = EntryWriter(self, rng, school_class, ability, absent)
        writer.write(lessons)
        if not self.is_marks_free(school_class.grade):
            period_marks_for_class(self, rng, school_class, writer.marks)

    def _changes(self, rng, school_class, entries, days) -> dict:
        """Substitutions on a few days; in 5А also a cancelled and a moved lesson."""
        by_weekday = defaultdict(list)
        for entry in entries:
            by_weekday[entry.weekday].append(entry)
        chosen: dict[tuple[int, datetime.date], TimetableChange] = {}

        def change(entry, day, kind, **fields):
            row = TimetableChange(
                school=self.school,
                entry=entry,
                date=day,
                kind=kind,
                created_by=self.deputy,
                **fields,
            )
            row._history_user = self.deputy
            row._history_date = self.at(day - DAY, datetime.time(15, 0))
            chosen[(entry.pk, day)] = row

        for day in rng.sample(days, min(3, len(days))):
            options = by_weekday[day.isoweekday()]
            if not options:
                continue
            entry = rng.choice(options)
            free = [
                t
                for t in self.teachers
                if t != entry.teacher_id
                and (t, entry.weekday, entry.lesson_number) not in self.busy
            ]
            if free:
                change(
                    entry,
                    day,
                    ChangeKind.SUBSTITUTION,
                    new_teacher_id=rng.choice(free),
                    reason=rng.choice(texts.SUBSTITUTION_REASONS),
                )
        if school_class.name == "5А" and len(days) > 10:
            day = days[-6]
            options = [
                e for e in by_weekday[day.isoweekday()] if (e.pk, day) not in chosen
            ]
            if options:
                change(
                    options[-1],
                    day,
                    ChangeKind.CANCELLATION,
                    reason=texts.CANCELLATION_REASON,
                )
            self._transfer(days, by_weekday, chosen, change)
        rows = list(chosen.values())
        if rows:
            bulk_create_with_history(rows, TimetableChange, batch_size=BATCH)
        return chosen

    def _transfer(self, days, by_weekday, chosen, change) -> None:
        """Move one lesson to a free slot of the next school day of the class."""
        for index in range(len(days) - 9, len(days) - 1):
            day, target = days[index], days[index + 1]
            taken = {e.lesson_number for e in by_weekday[target.isoweekday()]}
            for entry in by_weekday[day.isoweekday()]:
                if (entry.pk, day) in chosen:
                    continue
                for number in range(1, 8):
                    teacher_busy = (entry.teacher_id, target.isoweekday(), number)
                    if number in taken or teacher_busy in self.busy:
                        continue
                    if number not in self.bells:
                        continue
                    change(
                        entry,
                        day,
                        ChangeKind.TRANSFER,
                        new_date=target,
                        new_lesson_number=number,
                        reason=texts.TRANSFER_REASON,
                    )
                    return

    def _slots(self, entries, days, changes) -> list[Slot]:
        by_weekday = defaultdict(list)
        for entry in entries:
            by_weekday[entry.weekday].append(entry)
        slots = []
        for day in days:
            for entry in by_weekday[day.isoweekday()]:
                if entry.starts_on > day or (entry.ends_on and entry.ends_on < day):
                    continue
                change = changes.get((entry.pk, day))
                kind = change.kind if change else None
                if kind == ChangeKind.CANCELLATION:
                    continue
                if kind == ChangeKind.TRANSFER:
                    if change.new_date <= self.yesterday:
                        slots.append(
                            Slot(
                                change.new_date,
                                change.new_lesson_number,
                                entry,
                                entry.teacher_id,
                            )
                        )
                    continue
                if kind == ChangeKind.SUBSTITUTION:
                    slots.append(
                        Slot(
                            day, entry.lesson_number, entry, change.new_teacher_id, True
                        )
                    )
                    continue
                slots.append(Slot(day, entry.lesson_number, entry, entry.teacher_id))
        slots.sort(key=lambda s: (s.day, s.number, s.entry.group.name))
        return slots

    def _lessons(self, rng, slots: list[Slot]) -> list[Held]:
        """One journal column per held lesson, with the КТП topic in order."""
        plan = defaultdict(list)
        group_ids = {s.entry.group_id for s in slots}
        for item in LessonPlanItem.objects.filter(group_id__in=group_ids).order_by(
            "number"
        ):
            plan[(item.group_id, item.subject_id)].append(item)
        held: dict[tuple[int, int], int] = defaultdict(int)
        ids = iter(fast.reserve_ids(Lesson, len(slots)))
        lessons, rows, substitutions = [], [], []
        for slot in slots:
            entry = slot.entry
            key = (entry.group_id, entry.subject_id)
            items = plan[key]
            item = items[held[key]] if held[key] < len(items) else None
            held[key] += 1
            number = held[key]
            starts = self.bells.get(slot.number, (datetime.time(8, 0),))[0]
            created = self.at(slot.day, starts, rng.randint(3, 30))
            lesson = Held(
                id=next(ids),
                date=slot.day,
                lesson_number=slot.number,
                group=entry.group,
                subject_id=entry.subject_id,
                subject_name=entry.subject.name,
                teacher_id=slot.teacher_id,
                topic=item.topic if item else f"Урок {number}",
                ordinal=number,
            )
            lessons.append(lesson)
            rows.append(
                {
                    "id": lesson.id,
                    "school_id": self.school.pk,
                    "group_id": entry.group_id,
                    "subject_id": entry.subject_id,
                    "date": slot.day,
                    "lesson_number": slot.number,
                    "entry_id": entry.pk,
                    "teacher_id": slot.teacher_id,
                    "is_substitution": slot.is_substitution,
                    "plan_item_id": item.pk if item else None,
                    "topic": lesson.topic,
                    "material": texts.fill(
                        rng, rng.choice(texts.MATERIAL), number=number
                    ),
                    "created_at": created,
                    "_history_user_id": slot.teacher_id,
                    "_history_date": created,
                }
            )
            if slot.is_substitution:
                substitutions.append((lesson, entry.teacher_id))
        fast.insert(Lesson, rows)
        from journal import events

        for lesson, planned in substitutions:
            events.substitution_recorded(
                actor=self.users.get(lesson.teacher_id),
                school=self.school,
                lesson_id=lesson.id,
                planned_teacher_id=planned,
            )
        return lessons


class EntryWriter:
    """Homework, attendance and marks of a class's lessons."""

    def __init__(self, term: JournalTerm, rng, school_class, ability, absent):
        self.term, self.rng, self.school_class = term, rng, school_class
        self.ability, self.absent = ability, absent
        self.subject_bias: dict[tuple[int, int], float] = {}
        self.marks: list[Scored] = []
        self.mark_rows: list[dict] = []
        self.answers: dict[tuple[int, int], int] = defaultdict(int)
        self.marks_free = term.is_marks_free(school_class.grade)

    def write(self, lessons: list[Held]) -> None:
        homework, attendance = [], []
        lessons_per_quarter = {}
        for (group_id, subject_id), a in self.term.assignments.items():
            lessons_per_quarter[(group_id, subject_id)] = max(
                4, int(a.hours_per_week * 8)
            )
        for lesson in lessons:
            pupils = [
                m.student
                for m in self.term.members[lesson.group.pk]
                if m.starts_on <= lesson.date
                and (m.ends_on is None or m.ends_on >= lesson.date)
            ]
            present = []
            for pupil in pupils:
                value = self._attendance_value(pupil, lesson)
                if value:
                    attendance.append(self._attendance(lesson, pupil, value))
                if value in (None, AttendanceValue.LATE):
                    present.append(pupil)
            if self.marks_free:
                continue
            homework.extend(self._homework(lesson, present))
            per_quarter = lessons_per_quarter.get(
                (lesson.group.pk, lesson.subject_id), 16
            )
            self._marks(lesson, present, per_quarter)
        for model, rows in (
            (Homework, homework),
            (Attendance, attendance),
            (Mark, self.mark_rows),
        ):
            for row, pk in zip(rows, fast.reserve_ids(model, len(rows)), strict=True):
                row["id"] = pk
            fast.insert(model, rows)
        stats = self.term.stats
        stats["homework"] += len(homework)
        stats["attendance"] += len(attendance)
        stats["marks"] += len(self.marks)

    # --- attendance ---------------------------------------------------------------
    def _attendance_value(self, pupil, lesson) -> str | None:
        value = self.absent[pupil.pk].get(lesson.date)
        if value:
            return value
        roll = self.rng.random()
        if roll < 0.004:
            return AttendanceValue.ABSENT
        if roll < 0.010 and lesson.lesson_number == 1:
            return AttendanceValue.LATE
        return None

    def _attendance(self, lesson, pupil, value) -> dict:
        term, rng = self.term, self.rng
        starts = term.bells.get(lesson.lesson_number, (datetime.time(8, 0),))[0]
        moment = term.at(lesson.date, starts, rng.randint(2, 15))
        if rng.random() < 0.02:
            moment = term.at(lesson.date + DAY, datetime.time(9, rng.randint(0, 59)))
        return {
            "school_id": term.school.pk,
            "lesson_id": lesson.id,
            "student_id": pupil.pk,
            "author_id": lesson.teacher_id,
            "value": value,
            "created_at": moment,
            "updated_at": moment,
            "is_late": rules.attendance_is_late(term.school, lesson.date, moment),
            "_history_user_id": lesson.teacher_id,
            "_history_date": moment,
        }

    # --- homework -------------------------------------------------------------------
    def _homework(self, lesson, present) -> list[dict]:
        term, rng = self.term, self.rng
        ends = term.bells.get(lesson.lesson_number, (None, datetime.time(14, 0)))[1]
        last_end = term.at(lesson.date, ends)
        rows = []
        if rng.random() < 0.8:
            moment = last_end + datetime.timedelta(minutes=rng.randint(0, 90))
            if rng.random() < 0.03:
                moment = last_end + datetime.timedelta(hours=rng.randint(4, 20))
            text = texts.fill(rng, rng.choice(texts.HOMEWORK), number=lesson.ordinal)
            row = self._homework_row(lesson, None, text, moment, last_end)
            if term.files_left and self._wants_file(lesson):
                term.files_left -= 1
                self._attach(row, lesson)
            rows.append(row)
        weak = [p for p in present if self.ability[p.pk] < 3.4]
        if weak and rng.random() < 0.06:
            pupil = rng.choice(weak)
            text = texts.fill(
                rng,
                rng.choice(texts.INDIVIDUAL),
                number=lesson.ordinal,
                topic=lesson.topic,
            )
            moment = last_end + datetime.timedelta(minutes=rng.randint(5, 60))
            rows.append(self._homework_row(lesson, pupil, text, moment, last_end))
        return rows

    def _homework_row(self, lesson, pupil, text, moment, last_end) -> dict:
        return {
            "school_id": self.term.school.pk,
            "lesson_id": lesson.id,
            "student_id": pupil.pk if pupil else None,
            "text": text,
            "attachment": "",
            "author_id": lesson.teacher_id,
            "created_at": moment,
            "is_late": rules.homework_is_late(self.term.school, last_end, moment),
            "_history_user_id": lesson.teacher_id,
            "_history_date": moment,
        }

    def _wants_file(self, lesson) -> bool:
        demo = self.term.demo_teacher
        if demo is not None and lesson.teacher_id != demo.pk:
            return False
        return self.rng.random() < 0.08

    def _attach(self, row: dict, lesson: Held) -> None:
        folder = uuid.UUID(int=self.rng.getrandbits(128)).hex
        name = f"homework/{self.term.school.pk}/{folder}/" + texts.FILE_NAME.format(
            n=lesson.ordinal
        )
        content = texts.FILE_TEXT.format(topic=lesson.topic).encode()
        row["attachment"] = default_storage.save(name, ContentFile(content))
        row["text"] = texts.FILE_HOMEWORK.format(n=lesson.ordinal)
        self.term.stats["homework_files"] += 1

    # --- marks ------------------------------------------------------------------------
    def _marks(self, lesson, present, per_quarter: int) -> None:
        term, rng = self.term, self.rng
        subject = lesson.subject_name
        control = (lesson.group.pk, lesson.subject_id, lesson.date) in term.control
        # Above the marks-count rule with a margin, so that only pupils who were
        # ill for long (or the weak ones, by their marks) show up at risk.
        target = _required(per_quarter) * 1.3 + 1
        written = control or rng.random() < max(0.12, 1.2 / per_quarter)
        oral = max(0.05, target / per_quarter - 0.12)
        if control:
            kind = term.kinds[CONTROL]
            self._written(lesson, present, kind, shift=-0.25)
        elif written:
            kind = term.kinds[rng.choice(WRITTEN_KINDS.get(subject, DEFAULT_WRITTEN))]
            self._written(lesson, present, kind, shift=-0.1)
        # A teacher calls on those asked least so far in the subject.
        subject_id = lesson.subject_id
        asked = int(oral * len(present) + rng.random())
        order = sorted(
            present,
            key=lambda p: self.answers[(p.pk, subject_id)] + rng.random() * 1.5,
        )
        for pupil in order[:asked]:
            self.answers[(pupil.pk, subject_id)] += 1
            self._mark(lesson, pupil, term.kinds[ORAL], shift=0.15)
        for pupil in order[asked:]:
            if rng.random() < 0.04:
                self._mark(lesson, pupil, term.kinds[HOMEWORK_KIND], shift=0.0)

    def _written(self, lesson, present, kind, *, shift: float) -> None:
        ends = self.term.bells.get(lesson.lesson_number, (None, datetime.time(14, 0)))[
            1
        ]
        checked = self.term.at(lesson.date, datetime.time(18, 0))
        checked += datetime.timedelta(minutes=self.rng.randint(0, 180))
        if self.rng.random() < 0.5:
            checked = self.term.at(lesson.date, ends, self.rng.randint(5, 60))
        for pupil in present:
            if self.rng.random() < 0.96:
                self._mark(lesson, pupil, kind, shift=shift, moment=checked)

    def _mark(self, lesson, pupil, kind, *, shift: float, moment=None) -> None:
        term, rng = self.term, self.rng
        key = (pupil.pk, lesson.subject_id)
        if key not in self.subject_bias:
            self.subject_bias[key] = rng.gauss(0, 0.3)
        level = self.ability[pupil.pk] + self.subject_bias[key] + shift
        value = min(5, max(2, round(level + rng.gauss(0, 0.7))))
        if moment is None:
            ends = term.bells.get(lesson.lesson_number, (None, datetime.time(14, 0)))[1]
            moment = term.at(lesson.date, ends, -rng.randint(1, 20))
        if rng.random() < 0.012:
            # Entered days later: recorded as late (C6).
            days = (kind.deadline_days or 0) + 1
            moment = term.at(
                lesson.date + days * DAY, datetime.time(16, rng.randint(0, 59))
            )
        comment = ""
        if rng.random() < 0.06 and value in (2, 5):
            comment = rng.choice(
                texts.GOOD_COMMENTS if value == 5 else texts.BAD_COMMENTS
            )
        self.mark_rows.append(
            {
                "school_id": term.school.pk,
                "lesson_id": lesson.id,
                "student_id": pupil.pk,
                "author_id": lesson.teacher_id,
                "work_kind_id": kind.pk,
                "value": str(value),
                "comment": comment,
                "created_at": moment,
                "updated_at": moment,
                "is_late": rules.mark_is_late(term.school, lesson.date, kind, moment),
                "_history_user_id": lesson.teacher_id,
                "_history_date": moment,
            }
        )
        self.marks.append(
            Scored(pupil.pk, lesson.subject_id, lesson.date, str(value), kind)
        )


def _required(lessons_per_quarter: int) -> int:
    """Roughly the marks-count rule of 003 §2.3.1 by the lessons of a quarter."""
    hours = lessons_per_quarter / 8
    if hours <= 1:
        return 3
    if hours <= 2:
        return 5
    return min(8 + int(max(0, hours - 3) * 2), 15)


def _ability(rng: random.Random) -> float:
    """Strong, average, weak and at-risk pupils in a realistic mix."""
    roll = rng.random()
    if roll < 0.15:
        return rng.gauss(4.6, 0.2)
    if roll < 0.72:
        return rng.gauss(3.9, 0.3)
    if roll < 0.93:
        return rng.gauss(3.2, 0.2)
    return rng.gauss(2.55, 0.15)


def _absences(rng: random.Random, days: list[datetime.date]) -> dict:
    """Illness spells of several days (б), single days missed (н) or excused (у)."""
    result: dict[datetime.date, str] = {}
    spells = 0
    roll = rng.random()
    if roll < 0.35:
        spells = 1
    elif roll < 0.45:
        spells = 2
    for _ in range(spells):
        start = rng.randrange(len(days))
        for day in days[start : start + rng.randint(3, 8)]:
            result[day] = AttendanceValue.SICK
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        day = rng.choice(days)
        result.setdefault(
            day,
            AttendanceValue.EXCUSED if rng.random() < 0.5 else AttendanceValue.ABSENT,
        )
    return result


def _dates(start: datetime.date, end: datetime.date):
    day = start
    while day <= end:
        yield day
        day += DAY
