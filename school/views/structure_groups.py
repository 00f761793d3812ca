"""Study groups: subgroups, profile and elective groups, clubs, streams, ИУП (B3)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms.structure import EndDateForm, GroupMemberAddForm, StudyGroupForm
from ..models import GroupKind, Subject
from ..selectors import setup as pages
from ..selectors.structure import group_members_between
from ..services import structure as services
from .structure import form_page, with_year

GROUP_CREATED = _("The group has been created.")
MEMBER_ADDED = _("The pupil has been added to the group.")
MEMBER_ENDED = _("The pupil has been taken out of the group.")


def _group_form(request, year, data=None):
    """Kinds and classes the user may form groups of; None if none at all."""
    school = request.school
    classes = pages.classes_for_group_create(request.user, school, year)
    if permissions.can_manage_structure(request.user, school):
        kinds = [k for k in GroupKind.values if k != GroupKind.CLASS]
    elif classes.exists():
        kinds = [GroupKind.SUBGROUP]
    else:
        return None
    subjects = Subject.objects.for_school(school).filter(is_active=True)
    return StudyGroupForm(data, kinds=kinds, classes=classes, subjects=subjects)


@with_year
def group_list(request, year):
    groups = pages.group_list_for_user(
        request.user, request.school, year, request.school.local_today()
    )
    context = {
        "year": year,
        "groups": groups,
        "plans": pages.individual_plans_of_year(request.school, year),
        "form": _group_form(request, year),
    }
    return render(request, "school/structure_group_list.html", context)


@with_year
def group_create(request, year):
    form = _group_form(request, year, request.POST or None)
    if form is None:
        raise Http404
    return form_page(
        request,
        form,
        title=_("New study group"),
        save=lambda d: services.study_group_create(actor=request.user, year=year, **d),
        success=GROUP_CREATED,
        done=lambda group: reverse("school:group-detail", args=[group.pk]),
        back=reverse("school:group-list"),
    )


def group_detail(request, group_id: int):
    group = pages.group_get_for_view(request.user, request.school, group_id)
    can_edit = permissions.can_edit_group_members(request.user, group)
    today = request.school.local_today()
    members = group_members_between(group, group.year.starts_on, group.year.ends_on)
    add_form = None
    if can_edit:
        add_form = GroupMemberAddForm(
            students=pages.group_candidates(group, today), initial={"starts_on": today}
        )
    context = {
        "group": group,
        "members": members,
        "today": today,
        "can_edit": can_edit,
        "add_form": add_form,
    }
    return render(request, "school/structure_group_detail.html", context)


def group_member_add(request, group_id: int):
    group = pages.group_get_for_edit(request.user, request.school, group_id)
    students = pages.group_candidates(group, request.school.local_today())
    back = reverse("school:group-detail", args=[group.pk])
    return form_page(
        request,
        GroupMemberAddForm(request.POST or None, students=students),
        title=_("Add a pupil to the group"),
        intro=group.name,
        save=lambda d: services.group_member_add(actor=request.user, group=group, **d),
        success=MEMBER_ADDED,
        done=back,
    )


def group_member_end(request, group_id: int, membership_id: int):
    group = pages.group_get_for_edit(request.user, request.school, group_id)
    membership = pages.group_membership_get(group, membership_id)
    return form_page(
        request,
        EndDateForm(request.POST or None),
        title=_("Take a pupil out of the group"),
        intro=str(membership.student),
        save=lambda d: services.group_member_end(
            actor=request.user, membership=membership, **d
        ),
        success=MEMBER_ENDED,
        done=reverse("school:group-detail", args=[group.pk]),
    )
