"""The active role and school, for the header's role switcher."""


def active_membership(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "active_membership": request.membership,
        "memberships": request.memberships,
        "active_school": request.school,
    }


def demo_preparing(request):
    """«Демонстрационные данные готовятся…» while `make run` writes the demo term."""
    from school.demo.preparing import is_preparing

    return {"demo_preparing": is_preparing()}
