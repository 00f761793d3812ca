"""Municipal monitoring. The 004 form's figures arrive with the reports issue."""

from django.shortcuts import render

from school.http import role_required
from school.models import Role
from school.selectors.accounts import school_list_for_user


@role_required(Role.INSPECTOR)
def monitoring_home(request):
    schools = school_list_for_user(request.user).filter(
        municipality=request.membership.municipality
    )
    return render(
        request,
        "reports/monitoring_home.html",
        {"municipality": request.membership.municipality, "schools": schools},
    )
