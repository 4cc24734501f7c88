from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include
from django.urls import path
from django.views.i18n import set_language

from sendportal import views
from sendportal.areas import staff_views as area_staff_views

staff_patterns = [
    path("", views.StaffDashboardView.as_view(), name="dashboard"),
    # A platform administrator's page; "platform" is not a possible area slug.
    path(
        "platform/areas/new/",
        area_staff_views.AreaCreateView.as_view(),
        name="area_create",
    ),
    path("<slug:area_slug>/", views.StaffAreaHomeView.as_view(), name="area_home"),
    path(
        "<slug:area_slug>/wording-check/",
        views.WordingCheckView.as_view(),
        name="wording_check",
    ),
]

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("healthz", views.healthz, name="healthz"),
    # The language switcher's form (POST, works without JavaScript); the
    # language is kept in a cookie and addresses stay the same.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("accounts/", include("sendportal.accounts.urls")),
    path("django-admin/", admin.site.urls),
    path("staff/", include((staff_patterns, "staff"))),
    path("staff/<slug:area_slug>/people/", include("sendportal.accounts.staff_urls")),
    path("staff/<slug:area_slug>/settings/", include("sendportal.areas.staff_urls")),
    path("staff/<slug:area_slug>/strategies/", include("strategies.staff_urls")),
    path("staff/<slug:area_slug>/improvement/", include("improvement.staff_urls")),
    path("staff/<slug:area_slug>/events/", include("events.staff_urls")),
    path("staff/<slug:area_slug>/reports/", include("improvement.reports.urls")),
    path(
        "staff/<slug:area_slug>/consultations/imports/",
        include("consultations.import_urls"),
    ),
    path(
        "staff/<slug:area_slug>/consultations/",
        include("consultations.staff_urls"),
    ),
    # Public pages of an area come last: the slug matches any first segment.
    path("<slug:area_slug>/", views.AreaHomeView.as_view(), name="area_home"),
    path("<slug:area_slug>/", include("sendportal.areas.urls")),
    path("<slug:area_slug>/", include("follow.urls")),
    path("<slug:area_slug>/strategies/", include("strategies.urls")),
    path("<slug:area_slug>/improvement/", include("improvement.urls")),
    path("<slug:area_slug>/themes/", include("improvement.thread_urls")),
    path("<slug:area_slug>/events/", include("events.urls")),
    path("<slug:area_slug>/consultations/", include("consultations.urls")),
    path("<slug:area_slug>/reports/", include("improvement.reports.public_urls")),
    path("<slug:area_slug>/you-said-we-did/", include("improvement.feedback_urls")),
]
