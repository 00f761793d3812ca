"""URLs of the topic plans (КТП) and the control-work schedule (ВШК)."""

from django.urls import path

from ..views import plans

PLAN = "plans/<int:group_id>/<int:subject_id>/"

urlpatterns: list = [
    path("plans/", plans.plan_list, name="plan-list"),
    path(PLAN, plans.plan_detail, name="plan-detail"),
    path(f"{PLAN}lessons/new/", plans.plan_item_create, name="plan-item-create"),
    path(
        f"{PLAN}lessons/<int:item_id>/edit/",
        plans.plan_item_update,
        name="plan-item-update",
    ),
    path(
        f"{PLAN}lessons/<int:item_id>/delete/",
        plans.plan_item_delete,
        name="plan-item-delete",
    ),
    path(f"{PLAN}import/", plans.plan_import, name="plan-import"),
    path(f"{PLAN}export/", plans.plan_export, name="plan-export"),
    path(f"{PLAN}copy/", plans.plan_copy, name="plan-copy"),
    path("control-works/", plans.control_work_list, name="control-work-list"),
    path("control-works/new/", plans.control_work_create, name="control-work-create"),
    path(
        "control-works/<int:work_id>/edit/",
        plans.control_work_update,
        name="control-work-update",
    ),
    path(
        "control-works/<int:work_id>/delete/",
        plans.control_work_delete,
        name="control-work-delete",
    ),
]
