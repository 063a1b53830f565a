from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from assessments import urls as assessments_urls
from config.health import healthz
from portal import home
from portal import urls as portal_urls
from portal import views as site_views
from reports import views_print
from roadmaps import views_calendar
from schools import urls as schools_urls

admin.site.site_header = "Дорожная карта объективности: администрирование"

urlpatterns = [
    path("", home.dashboard, name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Password recovery by e-mail: Django's own views, Russian templates in templates/registration/.
    path("accounts/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/profile/", views_calendar.profile, name="profile"),
    path("accounts/calendar/issue/", views_calendar.calendar_issue, name="calendar_issue"),
    path("accounts/calendar/revoke/", views_calendar.calendar_revoke, name="calendar_revoke"),
    # The private calendar address: the token is the only key, as calendar applications send no login.
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
    path("roadmaps/", include("roadmaps.urls")),
    # The school list, card and import read roadmaps' progress: portal's pages in the schools namespace.
    path(
        "schools/", include((portal_urls.schools_patterns + schools_urls.urlpatterns, schools_urls.app_name))
    ),
    path("medals/", include("medals.urls")),
    # The schedule's print page is reports' (it prints the PDF's document) under the assessments namespace.
    path(
        "assessments/",
        include((assessments_urls.urlpatterns + views_print.assessments_patterns, assessments_urls.app_name)),
    ),
    path("reports/", include("reports.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico before they read the page's <link rel="icon">.
    path("favicon.ico", site_views.favicon, name="favicon"),
    path("search/", site_views.site_search, name="search"),
    path("help/", site_views.help_page, name="help"),
    path("healthz", healthz, name="healthz"),
]
