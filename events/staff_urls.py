from django.urls import path

from . import staff_views as views

app_name = "events_staff"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("new/", views.EventCreateView.as_view(), name="event_create"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/edit/", views.EventUpdateView.as_view(), name="event_update"),
    path(
        "<int:pk>/status/<slug:step>/",
        views.EventTransitionView.as_view(),
        name="event_transition",
    ),
    path(
        "<int:pk>/topics/new/", views.SessionFormView.as_view(), name="session_create"
    ),
    path(
        "<int:pk>/topics/<int:session_pk>/edit/",
        views.SessionFormView.as_view(),
        name="session_update",
    ),
    path("<int:pk>/bookings/", views.BookingListView.as_view(), name="booking_list"),
    path(
        "<int:pk>/bookings/export.<str:file_format>",
        views.BookingExportView.as_view(),
        name="booking_export",
    ),
    path(
        "<int:pk>/attendance/",
        views.AttendanceFormView.as_view(),
        name="attendance_update",
    ),
    path(
        "<int:pk>/topics/<int:session_pk>/findings/",
        views.TopicFindingsView.as_view(),
        name="topic_findings",
    ),
    path(
        "<int:pk>/findings/new/", views.FindingFormView.as_view(), name="finding_create"
    ),
    path(
        "<int:pk>/findings/<int:finding_pk>/edit/",
        views.FindingFormView.as_view(),
        name="finding_update",
    ),
]
