"""Messages, announcements and polls for every role of a school (D5, C13)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from diary.forms.messages import (
    AnnouncementForm,
    ConversationForm,
    MessageForm,
    PollForm,
    VoteForm,
)
from diary.permissions import messages as perms
from diary.selectors import messages as selectors
from diary.services import messages as services
from school.errors import ApplicationError
from school.http import role_required
from school.models import Role

SCHOOL_ROLES = [r.value for r in Role if r != Role.INSPECTOR]
member_required = role_required(*SCHOOL_ROLES)

ANNOUNCEMENT_PUBLISHED = _("The announcement is published.")
ANNOUNCEMENT_WITHDRAWN = _("The announcement is withdrawn.")
POLL_CREATED = _("The poll is open.")
POLL_CLOSED_MSG = _("The poll is closed.")
VOTE_SAVED = _("Your answer is saved.")
PER_PAGE = 30


def _add_errors(form, error) -> None:
    if isinstance(error, ApplicationError):
        form.add_error(None, str(error.message))
    elif hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _found(item):
    if item is None:
        raise Http404
    return item


# --- Conversations -------------------------------------------------------------------


@member_required
def message_list(request):
    school, user = request.school, request.user
    page = Paginator(selectors.conversation_list_for_user(user, school), PER_PAGE)
    comments = selectors.parent_comment_list_for_parent(user, school)
    if comments:
        services.board_mark_seen(actor=user, school=school, what="comments")
    context = {
        "page": page.get_page(request.GET.get("page")),
        "comments": comments,
        "tab": "messages",
    }
    return render(request, "diary/message_list.html", context)


@member_required
def message_create(request):
    school, today = request.school, request.school.local_today()
    search = request.GET.get("q", "")
    chosen = tuple(int(x) for x in request.GET.getlist("to") if x.isdigit())
    choices = selectors.recipient_choices(
        request.user, school, today, search, include=chosen
    )
    initial = {"recipients": list(chosen)}
    form = ConversationForm(request.POST or None, recipients=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        people = perms.recipient_queryset(request.user, school, today)
        people = list(people.filter(pk__in=form.cleaned_data["recipients"]))
        try:
            conversation = services.conversation_start(
                actor=request.user,
                school=school,
                recipients=people,
                topic=form.cleaned_data["topic"],
                text=form.cleaned_data["text"],
                today=today,
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("diary:message-detail", conversation.pk)
    context = {
        "form": form,
        "search": search,
        "tab": "messages",
        "cut": len(choices) >= selectors.RECIPIENTS_SHOWN,
    }
    return render(request, "diary/message_create.html", context)


def _conversation_page(request, conversation, form):
    thread = list(selectors.message_list(conversation))
    services.conversation_mark_read(
        actor=request.user,
        conversation=conversation,
        up_to=conversation.last_message_at,
    )
    context = {"conversation": conversation, "thread": thread, "form": form}
    template = "diary/message_detail.html"
    if request.htmx:
        template += "#conversation"
    return render(request, template, {**context, "tab": "messages"})


@member_required
def message_detail(request, pk: int):
    conversation = _found(
        selectors.conversation_get_for_user(request.user, request.school, pk)
    )
    return _conversation_page(request, conversation, MessageForm())


@require_POST
@member_required
def message_reply(request, pk: int):
    conversation = _found(
        selectors.conversation_get_for_user(request.user, request.school, pk)
    )
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.message_post(
                actor=request.user,
                conversation=conversation,
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if not request.htmx:
                return redirect("diary:message-detail", conversation.pk)
            form = MessageForm()
    return _conversation_page(request, conversation, form)


# --- Announcements -------------------------------------------------------------------


def _addressed_form(form_class, request):
    user, school, today = request.user, request.school, request.school.local_today()
    roles = perms.school_roles(user, school)
    if not perms.can_publish(user, school):
        raise Http404
    return form_class(
        request.POST or None,
        school_allowed=bool(roles & perms.ADMINISTRATION_ROLES),
        classes=list(perms.class_targets(user, school, roles)),
        groups=list(perms.group_targets(user, school, today, roles)),
    )


@member_required
def announcement_list(request):
    school, user = request.school, request.user
    items = list(
        selectors.announcement_list_for_user(user, school, school.local_today())
    )
    seen = selectors.reader_seen_at(user, school, "announcements_seen_at")
    services.board_mark_seen(actor=user, school=school, what="announcements")
    context = {
        "new_ids": {a.pk for a in items if a.created_at > seen},
        "addressed": [a for a in items if a.author_id != user.pk],
        "own": [a for a in items if a.author_id == user.pk],
        "can_publish": perms.can_publish(user, school),
        "today": school.local_today(),
        "tab": "announcements",
    }
    return render(request, "diary/announcement_list.html", context)


@member_required
def announcement_create(request):
    form = _addressed_form(AnnouncementForm, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope, target = data["target"]
        try:
            item = services.announcement_publish(
                actor=request.user,
                school=request.school,
                scope=scope,
                target=target,
                audience=data["audience"],
                title=data["title"],
                text=data["text"],
                expires_on=data["expires_on"],
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, ANNOUNCEMENT_PUBLISHED)
            return redirect("diary:announcement-detail", item.pk)
    context = {"form": form, "tab": "announcements"}
    return render(request, "diary/announcement_create.html", context)


def _announcement(request, pk):
    school = request.school
    return _found(
        selectors.announcement_get_for_user(
            request.user, school, pk, school.local_today()
        )
    )


@member_required
def announcement_detail(request, pk: int):
    item = _announcement(request, pk)
    context = {
        "item": item,
        "can_manage": perms.can_manage_addressed(request.user, item),
        "today": request.school.local_today(),
        "tab": "announcements",
    }
    return render(request, "diary/announcement_detail.html", context)


@require_POST
@member_required
def announcement_withdraw(request, pk: int):
    item = _announcement(request, pk)
    try:
        services.announcement_withdraw(actor=request.user, announcement=item)
    except PermissionDenied as error:
        raise Http404 from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, ANNOUNCEMENT_WITHDRAWN)
    return redirect("diary:announcement-detail", item.pk)


# --- Polls ---------------------------------------------------------------------------


@member_required
def poll_list(request):
    school, user, today = request.school, request.user, request.school.local_today()
    items = list(selectors.poll_list_for_user(user, school, today))
    context = {
        "addressed": [p for p in items if p.author_id != user.pk],
        "own": [p for p in items if p.author_id == user.pk],
        "can_publish": perms.can_publish(user, school),
        "today": today,
        "tab": "polls",
    }
    return render(request, "diary/poll_list.html", context)


@member_required
def poll_create(request):
    form = _addressed_form(PollForm, request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scope, target = data["target"]
        try:
            poll = services.poll_create(
                actor=request.user,
                school=request.school,
                scope=scope,
                target=target,
                audience=data["audience"],
                question=data["question"],
                options=data["options"],
                closes_on=data["closes_on"],
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, POLL_CREATED)
            return redirect("diary:poll-detail", poll.pk)
    return render(request, "diary/poll_create.html", {"form": form, "tab": "polls"})


def _poll(request, pk):
    school = request.school
    return _found(
        selectors.poll_get_for_user(request.user, school, pk, school.local_today())
    )


def _poll_page(request, poll, form=None):
    user, today = request.user, request.school.local_today()
    can_vote = perms.can_vote(user, poll, today)
    if can_vote and form is None:
        form = VoteForm(poll=poll, initial={"option": poll.my_option})
    see_results = perms.can_see_poll_results(user, poll)
    context = {
        "poll": poll,
        "form": form if can_vote else None,
        "options": list(poll.options.all()),
        "results": selectors.poll_results(poll) if see_results else None,
        "can_manage": perms.can_manage_addressed(user, poll),
        "is_open": poll.is_open(today),
        "tab": "polls",
    }
    return render(request, "diary/poll_detail.html", context)


@member_required
def poll_detail(request, pk: int):
    return _poll_page(request, _poll(request, pk))


@require_POST
@member_required
def poll_vote(request, pk: int):
    poll = _poll(request, pk)
    form = VoteForm(request.POST, poll=poll)
    if form.is_valid():
        try:
            services.poll_vote(
                actor=request.user, poll=poll, option=form.cleaned_data["option"]
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, VOTE_SAVED)
        return redirect("diary:poll-detail", poll.pk)
    return _poll_page(request, poll, form)


@require_POST
@member_required
def poll_close(request, pk: int):
    poll = _poll(request, pk)
    try:
        services.poll_close(actor=request.user, poll=poll)
    except PermissionDenied as error:
        raise Http404 from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, POLL_CLOSED_MSG)
    return redirect("diary:poll-detail", poll.pk)
