"""Django admin for the platform's sysadmins; every action is also an event."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import events, models
from .models import AcademicYear, Event, Membership, Municipality, School, User


def _school_of(obj) -> School | None:
    if isinstance(obj, School):
        return obj
    return getattr(obj, "school", None)


class LoggedAdmin(SimpleHistoryAdmin):
    """Writes an admin.action event beside Django's own admin log (A7)."""

    def _log(self, request, obj, action: str, text: str = "") -> None:
        events.admin_action(
            actor=request.user,
            school=_school_of(obj),
            action=action,
            model=obj._meta.label,
            pk=obj.pk,
            text=text or str(obj),
        )

    def log_addition(self, request, obj, message):
        self._log(request, obj, "add")
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        self._log(request, obj, "change", str(message))
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            self._log(request, obj, "delete")
        return super().log_deletions(request, queryset)


@admin.register(Municipality)
class MunicipalityAdmin(LoggedAdmin):
    list_display = ["name", "code", "time_zone"]
    search_fields = ["name", "code"]


@admin.register(School)
class SchoolAdmin(LoggedAdmin):
    list_display = ["short_name", "code", "municipality", "time_zone", "is_active"]
    list_filter = ["municipality", "is_active"]
    search_fields = ["name", "short_name", "code"]


@admin.register(AcademicYear)
class AcademicYearAdmin(LoggedAdmin):
    list_display = ["name", "school", "starts_on", "ends_on", "is_current"]
    list_filter = ["school", "is_current"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["school", "municipality", "role", "is_active", "ended_at"]


@admin.register(User)
class ProductUserAdmin(LoggedAdmin, UserAdmin):
    list_display = ["username", "last_name", "first_name", "patronymic", "is_active"]
    search_fields = ["username", "last_name", "first_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Product"), {"fields": ["patronymic", "must_change_password"]}),
    )


@admin.register(Membership)
class MembershipAdmin(LoggedAdmin):
    list_display = ["user", "school", "municipality", "role", "is_active"]
    list_filter = ["role", "is_active", "school"]
    search_fields = ["user__username", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "code", "actor_username", "school", "ip"]
    list_filter = ["school"]
    search_fields = ["code", "actor_username"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- School structure: for the platform's sysadmins; schools use the pages. --------

for model, columns, filters in [
    (
        models.PeriodScheme,
        ["name", "school", "year", "kind", "grade_from", "grade_to"],
        ["school"],
    ),
    (
        models.StudyPeriod,
        ["name", "school", "starts_on", "ends_on", "closed_at"],
        ["school"],
    ),
    (
        models.Holiday,
        ["name", "school", "kind", "starts_on", "ends_on"],
        ["school", "kind"],
    ),
    (
        models.Subject,
        ["name", "school", "component", "is_active"],
        ["school", "component"],
    ),
    (models.Room, ["name", "school", "capacity"], ["school"]),
    (
        models.GradingScale,
        ["name", "school", "kind", "grade_from", "grade_to"],
        ["school"],
    ),
    (models.WorkKind, ["name", "school", "weight", "deadline_days"], ["school"]),
    (
        models.StaffMember,
        ["user", "school", "position", "hired_on", "dismissed_on"],
        ["school"],
    ),
    (models.Student, ["user", "school", "record_number", "birth_date"], ["school"]),
    (models.Guardian, ["user", "school", "phone", "email"], ["school"]),
    (models.GuardianRelation, ["guardian", "student", "relation"], ["school"]),
    (
        models.SchoolClass,
        ["name", "school", "year", "class_teacher"],
        ["school", "grade"],
    ),
    (
        models.StudyGroup,
        ["name", "school", "year", "kind", "grade"],
        ["school", "kind"],
    ),
    (models.GroupMembership, ["student", "group", "starts_on", "ends_on"], ["school"]),
    (
        models.Enrollment,
        ["student", "school_class", "starts_on", "ends_on"],
        ["school"],
    ),
    (models.IndividualPlan, ["student", "school", "year"], ["school"]),
    (
        models.CurriculumLine,
        ["school", "year", "grade", "subject", "hours_per_week"],
        ["school"],
    ),
    (
        models.TeachingAssignment,
        ["teacher", "subject", "group", "hours_per_week"],
        ["school"],
    ),
    (models.BellSchedule, ["name", "school", "is_default"], ["school"]),
    (
        models.TimetableEntry,
        ["school", "weekday", "lesson_number", "group", "subject"],
        ["school"],
    ),
    (models.TimetableChange, ["school", "date", "kind", "entry"], ["school", "kind"]),
    (
        models.LessonPlanItem,
        ["school", "group", "subject", "number", "topic"],
        ["school"],
    ),
    (models.ControlWork, ["school", "date", "group", "subject", "title"], ["school"]),
]:
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (LoggedAdmin,),
            {
                "list_display": columns,
                "list_filter": filters,
                "list_select_related": True,
            },
        ),
    )


# Second-factor secrets are not for display, not even to the superuser: a lost
# authenticator is reset on the school's two-factor page, which records it.
def _unregister_otp_devices() -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_otp_devices()
