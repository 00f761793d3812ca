"""Writes of the family side: recording that the diary was opened (D3)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from diary.models import DiaryView
from diary.permissions.family import ensure_can_view_diary
from school.models import Student, User


@transaction.atomic
def diary_view_record(*, actor: User, student: Student, role: str) -> DiaryView:
    """The reader opened the pupil's diary today (school's day): one row a day."""
    ensure_can_view_diary(actor, student, role)
    school = student.school
    day = school.local_today()
    now = timezone.now()
    rows = DiaryView.objects.filter(viewer=actor, student=student, viewed_on=day)
    if not rows.update(last_at=now, count=F("count") + 1):
        view = DiaryView(
            school=school,
            student=student,
            viewer=actor,
            role=role,
            viewed_on=day,
            first_at=now,
            last_at=now,
        )
        view.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                view.save()
            return view
        except IntegrityError:
            # Two tabs opened at once: the other request created today's row.
            rows.update(last_at=now, count=F("count") + 1)
    return rows.get()
