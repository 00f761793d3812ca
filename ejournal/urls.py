from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from school.views import auth, home, profile

from . import health

admin.site.site_header = "ejournal"

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/", auth.password_change, name="password-change"),
    path("role/", auth.role_switch, name="role-switch"),
    path("profile/", profile.profile, name="profile"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("school.urls")),
    path("journal/", include("journal.urls")),
    path("diary/", include("diary.urls")),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("archive/", include("archive.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
