"""An area admin's settings pages, under /staff/<area>/settings/."""

from django.urls import path

from . import staff_views as views

app_name = "areas_staff"

urlpatterns = [
    path("", views.AreaSettingsView.as_view(), name="settings"),
    path("details/", views.AreaDetailsView.as_view(), name="details"),
    path("mix/", views.AreaMixView.as_view(), name="mix"),
    path("districts/add/", views.DistrictFormView.as_view(), name="district_add"),
    path(
        "districts/<int:pk>/rename/",
        views.DistrictFormView.as_view(),
        name="district_rename",
    ),
    path(
        "districts/<int:pk>/remove/",
        views.DistrictRemoveView.as_view(),
        name="district_remove",
    ),
    path("partners/add/", views.PartnerFormView.as_view(), name="partner_add"),
    path(
        "partners/<int:pk>/edit/", views.PartnerFormView.as_view(), name="partner_edit"
    ),
    path(
        "partners/<int:pk>/retire/",
        views.PartnerRetireView.as_view(),
        name="partner_retire",
    ),
]
