from django.urls import path

from ..views import two_factor

urlpatterns = [
    path("login/code/", two_factor.verify, name="two-factor-verify"),
    path("account/two-factor/", two_factor.profile, name="two-factor"),
    path("account/two-factor/enrol/", two_factor.enrol, name="two-factor-enrol"),
    path("account/two-factor/codes/", two_factor.codes, name="two-factor-codes"),
    path(
        "schools/<int:school_id>/two-factor/",
        two_factor.staff,
        name="two-factor-staff",
    ),
    path(
        "schools/<int:school_id>/two-factor/<int:user_id>/reset/",
        two_factor.reset,
        name="two-factor-reset",
    ),
]
