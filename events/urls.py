from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("", views.EventListView.as_view(), name="event_list"),
    path("<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("<int:pk>/book/", views.BookingCreateView.as_view(), name="booking_create"),
    path("<int:pk>/write-up/", views.EventWriteUpView.as_view(), name="event_writeup"),
    path(
        "bookings/<str:token>/",
        views.BookingDetailView.as_view(),
        name="booking_detail",
    ),
    path(
        "bookings/<str:token>/cancel/",
        views.BookingCancelView.as_view(),
        name="booking_cancel",
    ),
]
