"""The families' side of the demo term: applications and consents, diary views over
past weeks, messages with teachers, announcements and a poll.

Each part is written once per school in its own transaction (a part that exists is
left alone, so a second run adds nothing), with bulk inserts and history rows for
the tables that keep history. Deterministic for a seed and the day it runs.
"""

from __future__ import annotations

import datetime
import random
from collections import defaultdict

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from school.demo import rows as fast
from school.models import Enrollment, GuardianRelation, Role, SchoolClass, User

from ..models import (
    CONSENT_ACTIONS,
    CONSENT_CATEGORIES,
    AccessApplication,
    Announcement,
    Audience,
    Consent,
    Conversation,
    ConversationParticipant,
    DeliveryForm,
    DiaryView,
    Message,
    Poll,
    PollOption,
    PollVote,
    Scope,
)
from ..models.consent import PROGRESS, SEND_ELECTRONIC, SEND_PAPER

BATCH = 2000
DAY = datetime.timedelta(days=1)
VIEW_WEEKS = 6

CONVERSATIONS = [
    (
        "Пропуск уроков",
        [
            "Здравствуйте! Ребёнок заболел, несколько дней не будет в школе. Справку "
            "принесём после выздоровления.",
            "Здравствуйте! Спасибо, что предупредили. Выздоравливайте, задания будут "
            "в дневнике.",
        ],
    ),
    (
        "Отметка за контрольную работу",
        [
            "Добрый день! Подскажите, можно ли переписать контрольную работу?",
            "Добрый день! Да, в четверг после шестого урока, кабинет 105.",
            "Спасибо, придём.",
        ],
    ),
    (
        "Родительское собрание",
        [
            "Здравствуйте! Не смогу прийти на собрание, можно узнать итоги позже?",
            "Конечно, напишу после собрания.",
        ],
    ),
]
ANNOUNCEMENTS = [
    (
        "Родительское собрание",
        "Общешкольное родительское собрание состоится в актовом зале в 18:00. "
        "Повестка: итоги первой четверти, питание, безопасность на дорогах.",
    ),
    (
        "Медицинский осмотр",
        "На следующей неделе проходит плановый медицинский осмотр учащихся. "
        "Просим не пропускать занятия без уважительной причины.",
    ),
]
CLASS_ANNOUNCEMENT = (
    "Экскурсия класса",
    "В пятницу класс едет на экскурсию в краеведческий музей. Сбор у школы в 9:00, "
    "с собой — сменная обувь и перекус.",
)
POLL = (
    "Какое время родительского собрания вам удобнее?",
    ["Будний день, 18:00", "Будний день, 19:00", "Суббота, 11:00"],
)


def fill(ctx) -> dict[str, int]:
    """The diary filler registered with school.demo.extensions."""
    return FamilyTerm(ctx).write()


class FamilyTerm:
    def __init__(self, ctx):
        self.ctx, self.school, self.year = ctx, ctx.school, ctx.year
        self.yesterday = ctx.today - DAY
        self.tz = ctx.school.tzinfo
        self.stats: dict[str, int] = defaultdict(int)

    def rng(self, part: str) -> random.Random:
        return random.Random(
            f"ejournal-family:{self.ctx.seed}:{self.school.code}:{part}"
        )

    def at(self, day: datetime.date, hour: int, minute: int = 0):
        return datetime.datetime.combine(
            day, datetime.time(hour, minute), tzinfo=self.tz
        )

    def write(self) -> dict[str, int]:
        if self.yesterday < self.year.starts_on:
            return {}
        self._load()
        for part in (self._applications, self._views, self._messages, self._board):
            with transaction.atomic():
                part()
        return dict(self.stats)

    def _load(self) -> None:
        self.classes = {
            c.pk: c
            for c in SchoolClass.objects.for_school(self.school).filter(year=self.year)
        }
        self.class_of = dict(
            Enrollment.objects.for_school(self.school)
            .filter(school_class__year=self.year, ends_on__isnull=True)
            .values_list("student_id", "school_class_id")
        )
        self.relations = list(
            GuardianRelation.objects.for_school(self.school)
            .select_related("guardian__user", "student__user")
            .order_by("student__record_number", "guardian__user__username")
        )
        named = self.ctx.named
        self.admin = self.ctx.admin
        self.director = named.get("director") or self.admin
        self.deputy = named.get("zavuch") or self.admin
        teacher_ids = {c.class_teacher_id for c in self.classes.values()}
        self.users = User.objects.in_bulk([t for t in teacher_ids if t])

    def class_teacher(self, student_id: int) -> User:
        school_class = self.classes.get(self.class_of.get(student_id))
        if school_class is None or not school_class.class_teacher_id:
            return self.admin
        return self.users[school_class.class_teacher_id]

    # --- applications and consents (A5) -----------------------------------------------
    def _applications(self) -> None:
        if AccessApplication.objects.for_school(self.school).exists():
            return
        rng = self.rng("applications")
        categories = [code for code, _label in CONSENT_CATEGORIES]
        all_actions = [code for code, _label in CONSENT_ACTIONS]
        applications, consents = [], []
        latest = min(self.yesterday, self.year.starts_on + 12 * DAY)
        for n, relation in enumerate(self.relations, start=1):
            parent = relation.guardian.user
            named = parent.username == "parent"
            # A fixed rhythm rather than chance: every size has a few of each.
            if not named and n % 13 == 5:
                continue
            delivery = DeliveryForm.WEB
            if not named and n % 23 == 7:
                delivery = DeliveryForm.PAPER
            elif not named and n % 9 == 4:
                delivery = DeliveryForm.EMAIL
            span = max(0, (latest - self.year.starts_on).days)
            submitted = self.year.starts_on + rng.randint(0, span) * DAY
            registered = self.at(
                min(submitted + DAY, self.yesterday), 14, rng.randint(0, 59)
            )
            clerk = self.class_teacher(relation.student_id)
            email = (
                f"{parent.username}@example.com"
                if delivery == DeliveryForm.EMAIL
                else ""
            )
            sms = bool(relation.guardian.phone) and rng.random() < 0.2
            application = AccessApplication(
                school=self.school,
                guardian=relation.guardian,
                student=relation.student,
                access_parent=True,
                access_student=rng.random() < 0.6,
                delivery=delivery,
                sms_marks=sms,
                email=email,
                phone=relation.guardian.phone if sms else "",
                submitted_on=submitted,
                registered_at=registered,
                registered_by=clerk,
            )
            application._history_user = clerk
            application._history_date = registered
            applications.append(application)
            actions = [a for a in all_actions if a != SEND_PAPER]
            if delivery == DeliveryForm.PAPER:
                actions = [a for a in all_actions if a != SEND_ELECTRONIC]
            consent = Consent(
                school=self.school,
                guardian=relation.guardian,
                student=relation.student,
                number=str(n),
                signer_name=parent.get_full_name(),
                relation=relation.relation,
                categories=categories,
                actions=actions,
                allows_electronic=PROGRESS in categories and SEND_ELECTRONIC in actions,
                allows_paper=PROGRESS in categories and SEND_PAPER in actions,
                signed_on=submitted,
                registered_at=registered,
                registered_by=clerk,
            )
            consent._history_user, consent._history_date = clerk, registered
            consents.append(consent)
        bulk_create_with_history(applications, AccessApplication, batch_size=BATCH)
        bulk_create_with_history(consents, Consent, batch_size=BATCH)
        self.stats["applications"] += len(applications)
        self.stats["consents"] += len(consents)

    # --- diary views over past weeks (D3) ---------------------------------------------
    def _views(self) -> None:
        if DiaryView.objects.for_school(self.school).exists():
            return
        rng = self.rng("views")
        start = max(self.year.starts_on, self.yesterday - VIEW_WEEKS * 7 * DAY)
        days = []
        day = start
        while day <= self.yesterday:
            days.append(day)
            day += DAY
        applied = set(
            AccessApplication.objects.for_school(self.school).values_list(
                "guardian_id", "student_id"
            )
        )
        readers = [
            (r.guardian.user_id, r.student, Role.PARENT)
            for r in self.relations
            if (r.guardian_id, r.student_id) in applied
        ]
        pupils = {r.student.pk: r.student for r in self.relations}
        readers += [(s.user_id, s, Role.STUDENT) for s in pupils.values()]
        rows = []
        for viewer_id, student, role in readers:
            keen = rng.choice((0.0, 0.05, 0.15, 0.3, 0.5, 0.8))
            if role == Role.STUDENT:
                keen /= 2
            for day in days:
                if rng.random() >= keen:
                    continue
                first = self.at(day, rng.randint(7, 21), rng.randint(0, 59))
                count = rng.randint(1, 4)
                rows.append(
                    {
                        "school_id": self.school.pk,
                        "student_id": student.pk,
                        "viewer_id": viewer_id,
                        "role": role,
                        "viewed_on": day,
                        "first_at": first,
                        "last_at": first + datetime.timedelta(minutes=(count - 1) * 17),
                        "count": count,
                    }
                )
        for row, pk in zip(rows, fast.reserve_ids(DiaryView, len(rows)), strict=True):
            row["id"] = pk
        fast.insert(DiaryView, rows, history=False)
        self.stats["diary_views"] += len(rows)

    # --- messages (D5) -------------------------------------------------------------
    def _messages(self) -> None:
        if Conversation.objects.for_school(self.school).exists():
            return
        rng = self.rng("messages")
        by_class = defaultdict(list)
        for relation in self.relations:
            by_class[self.class_of.get(relation.student_id)].append(relation)
        threads = []
        for class_id in sorted(k for k in by_class if k):
            relations = by_class[class_id]
            named = [r for r in relations if r.guardian.user.username == "parent"]
            chosen = named or rng.sample(relations, min(2, len(relations)))
            for relation in chosen:
                teacher = self.class_teacher(relation.student_id)
                topic, texts = rng.choice(CONVERSATIONS)
                threads.append((relation.guardian.user, teacher, topic, texts))
        conversations, participants, messages = [], [], []
        for parent, teacher, topic, texts in threads:
            day = self.yesterday - rng.randint(1, 30) * DAY
            moment = self.at(max(day, self.year.starts_on), 19, rng.randint(0, 59))
            times = [
                moment + datetime.timedelta(hours=3 * i + rng.randint(0, 2))
                for i in range(len(texts))
            ]
            conversation = Conversation(
                school=self.school,
                topic=topic,
                started_by=parent,
                created_at=moment,
                last_message_at=times[-1],
            )
            conversations.append(conversation)
            authors = [parent if i % 2 == 0 else teacher for i in range(len(texts))]
            messages.append(
                (conversation, list(zip(authors, texts, times, strict=True)))
            )
            # The teacher has not yet read the parent's last word now and then.
            teacher_read = times[-1] if rng.random() < 0.7 else times[0]
            participants.append((conversation, parent, times[-1]))
            participants.append((conversation, teacher, teacher_read))
        Conversation.objects.bulk_create(conversations, batch_size=BATCH)
        ConversationParticipant.objects.bulk_create(
            [
                ConversationParticipant(
                    school=self.school, conversation=c, user=u, last_read_at=read
                )
                for c, u, read in participants
            ],
            batch_size=BATCH,
        )
        rows = [
            Message(
                school=self.school,
                conversation=c,
                author=author,
                text=text,
                created_at=when,
            )
            for c, thread in messages
            for author, text, when in thread
        ]
        Message.objects.bulk_create(rows, batch_size=BATCH)
        self.stats["conversations"] += len(conversations)
        self.stats["messages"] += len(rows)

    # --- announcements and a poll (D5) ------------------------------------------------
    def _board(self) -> None:
        if Announcement.objects.for_school(self.school).exists():
            return
        rng = self.rng("board")
        rows = []
        for n, (title, text) in enumerate(ANNOUNCEMENTS):
            moment = self.at(self.yesterday - (10 + 7 * n) * DAY, 12)
            rows.append(
                self._announcement(
                    self.director, Scope.SCHOOL, None, title, text, moment
                )
            )
        for school_class in sorted(self.classes.values(), key=lambda c: c.name):
            teacher = self.users.get(school_class.class_teacher_id)
            if teacher is None or rng.random() < 0.5:
                continue
            moment = self.at(self.yesterday - rng.randint(1, 20) * DAY, 15)
            rows.append(
                self._announcement(
                    teacher, Scope.CLASS, school_class, *CLASS_ANNOUNCEMENT, moment
                )
            )
        bulk_create_with_history(rows, Announcement, batch_size=BATCH)
        self.stats["announcements"] += len(rows)
        question, options = POLL
        created = self.at(self.yesterday - 5 * DAY, 10)
        poll = Poll(
            school=self.school,
            author=self.deputy,
            scope=Scope.SCHOOL,
            audience=Audience.PARENTS,
            question=question,
            closes_on=self.ctx.today + 7 * DAY,
            created_at=created,
        )
        poll._history_user, poll._history_date = self.deputy, created
        bulk_create_with_history([poll], Poll, batch_size=BATCH)
        choices = PollOption.objects.bulk_create(
            [PollOption(poll=poll, text=t, position=i) for i, t in enumerate(options)]
        )
        voters = sorted({r.guardian.user_id for r in self.relations})
        votes = [
            PollVote(
                school=self.school,
                poll=poll,
                option=rng.choices(choices, weights=(5, 3, 2))[0],
                user_id=voter,
                voted_at=created + datetime.timedelta(hours=rng.randint(1, 96)),
            )
            for voter in voters
            if rng.random() < 0.35
        ]
        PollVote.objects.bulk_create(votes, batch_size=BATCH)
        self.stats["polls"] += 1
        self.stats["poll_votes"] += len(votes)

    def _announcement(self, author, scope, school_class, title, text, moment):
        row = Announcement(
            school=self.school,
            author=author,
            scope=scope,
            school_class=school_class,
            audience=Audience.BOTH,
            title=title,
            text=text,
            created_at=moment,
        )
        row._history_user, row._history_date = author, moment
        return row
