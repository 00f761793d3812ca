"""Applications, consent sheets, revocation and the printed extracts (A5, D4)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from diary.extract_reasons import extract_left_out
from diary.forms.consent import ApplicationForm, ConsentForm, RevokeForm
from diary.models import CONSENT_ACTIONS, CONSENT_CATEGORY_GROUPS, DeliveryForm
from diary.permissions import consent as perms
from diary.selectors import consent as selectors_consent
from diary.selectors.week import monday_of
from diary.services import consent as services
from diary.services import delivery
from school.errors import ApplicationError
from school.http import role_required
from school.models import Role

staff_required = role_required(Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR)
reader_required = role_required(
    Role.PARENT, Role.CLASS_TEACHER, Role.DEPUTY, Role.DIRECTOR
)

APPLICATION_SAVED = _("The application is registered.")
CONSENT_SAVED = _("The consent sheet is registered.")
CONSENT_REVOKED = _(
    "The consent is revoked: deliveries have stopped; the data will be destroyed "
    "on %(day)s."
)
NO_PAPER = _("No parent of this class chose the paper extract with a consent to it.")


def _add_errors(form, error) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(None, str(error.message))
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _back(request, student):
    school_class = perms.class_of_pupil(student, request.school.local_today())
    if school_class is not None:
        return redirect("diary:consent-class", school_class.pk)
    return redirect("diary:consent-classes")


def _week(request) -> datetime.date:
    today = request.school.local_today()
    try:
        day = datetime.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = today
    return monday_of(day)


@staff_required
def consent_classes(request):
    classes = selectors_consent.classes_for_consents(request.user, request.school)
    return render(request, "diary/consent_classes.html", {"classes": classes})


@staff_required
def consent_class(request, class_id: int):
    school_class = selectors_consent.class_get_for_consents(
        request.user, request.school, class_id
    )
    monday = _week(request)
    rows = selectors_consent.class_register(school_class, request.school.local_today())
    context = {"school_class": school_class, "rows": rows, "monday": monday}
    context["left_out"] = extract_left_out(school_class, monday)
    return render(request, "diary/consent_class.html", context)


@staff_required
def application_create(request, student_id: int, guardian_id: int):
    relation = selectors_consent.relation_get_for_register(
        request.user, request.school, student_id, guardian_id
    )
    guardian = relation.guardian
    initial = {
        "submitted_on": request.school.local_today(),
        "access_parent": True,
        "delivery": DeliveryForm.WEB,
        "email": guardian.email or guardian.user.email,
        "phone": guardian.phone,
    }
    form = ApplicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_register(
                actor=request.user,
                student=relation.student,
                guardian=guardian,
                **form.cleaned_data,
            )
        except (ValidationError, ApplicationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, APPLICATION_SAVED)
            return _back(request, relation.student)
    context = {"form": form, "relation": relation}
    return render(request, "diary/application_create.html", context)


@staff_required
def consent_create(request, student_id: int, guardian_id: int):
    relation = selectors_consent.relation_get_for_register(
        request.user, request.school, student_id, guardian_id
    )
    initial = {
        "signer_name": relation.guardian.user.get_full_name(),
        "signed_on": request.school.local_today(),
    }
    form = ConsentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_register(
                actor=request.user,
                student=relation.student,
                guardian=relation.guardian,
                **form.cleaned_data,
            )
        except (ValidationError, ApplicationError) as error:
            _add_errors(form, error)
        else:
            messages.success(request, CONSENT_SAVED)
            return _back(request, relation.student)
    context = {"form": form, "relation": relation}
    return render(request, "diary/consent_create.html", context)


@reader_required
def consent_detail(request, pk: int):
    consent = selectors_consent.consent_get_for_view(request.user, request.school, pk)
    is_own = perms.is_own_consent(request.user, consent)
    context = {
        "consent": consent,
        "groups": CONSENT_CATEGORY_GROUPS,
        "actions": CONSENT_ACTIONS,
        "can_revoke": perms.can_revoke_consent(request.user, consent),
        "is_own": is_own,
        "form": RevokeForm(),
    }
    return render(request, "diary/consent_detail.html", context)


@require_POST
@reader_required
def consent_revoke(request, pk: int):
    consent = selectors_consent.consent_get_for_view(request.user, request.school, pk)
    if not perms.can_revoke_consent(request.user, consent):
        raise Http404
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors.as_text())
        return redirect("diary:consent-detail", consent.pk)
    received_on = None
    if not perms.is_own_consent(request.user, consent):
        received_on = form.cleaned_data["received_on"]
    try:
        consent = services.consent_revoke(
            actor=request.user, consent=consent, received_on=received_on
        )
    except (ValidationError, ApplicationError) as error:
        text = getattr(error, "message", None) or "; ".join(error.messages)
        messages.error(request, str(text))
    else:
        day = consent.purge_due_on.strftime("%d.%m.%Y")
        messages.success(request, CONSENT_REVOKED % {"day": day})
    return redirect("diary:consent-detail", consent.pk)


@reader_required
def application_detail(request, pk: int):
    item = selectors_consent.application_get_for_view(request.user, request.school, pk)
    return render(request, "diary/application_detail.html", {"application": item})


@role_required(Role.PARENT)
def consent_mine(request):
    papers = selectors_consent.papers_for_parent(request.user, request.school)
    return render(request, "diary/consent_mine.html", papers)


@staff_required
def extract_class(request, class_id: int):
    school_class = selectors_consent.class_get_for_consents(
        request.user, request.school, class_id
    )
    monday = _week(request)
    pdf = delivery.extract_render(
        actor=request.user, school_class=school_class, monday=monday
    )
    if pdf is None:
        messages.info(request, NO_PAPER)
        url = reverse("diary:consent-class", args=(school_class.pk,))
        return redirect(f"{url}?week={monday:%Y-%m-%d}")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"extract-{school_class.grade}-{monday:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
