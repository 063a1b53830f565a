from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from roadmaps import views as roadmap_views
from schools import views_site as site_views

admin.site.site_header = "Дорожная карта объективности: администрирование"

urlpatterns = [
    path("", roadmap_views.dashboard, name="dashboard"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("roadmaps/", include("roadmaps.urls")),
    path("schools/", include("schools.urls")),
    path("medals/", include("medals.urls")),
    path("assessments/", include("assessments.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico before they read the page's <link rel="icon">.
    path("favicon.ico", site_views.favicon, name="favicon"),
]
