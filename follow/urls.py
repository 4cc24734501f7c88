"""Follow links, under the area: /<area>/consultations/follow/<reference>/<token>/."""

from django.urls import path

from . import views

app_name = "follow"

urlpatterns = [
    path(
        "consultations/follow/<str:reference>/<slug:token>/",
        views.FollowResponseView.as_view(),
        name="follow_response",
    ),
    path(
        "events/bookings/<str:token>/follow/",
        views.BookingFollowView.as_view(),
        name="follow_booking",
    ),
    path(
        "follow/emails/<slug:token>/confirm/",
        views.ConfirmView.as_view(),
        name="confirm",
    ),
    path(
        "follow/emails/<slug:token>/unsubscribe/",
        views.UnsubscribeView.as_view(),
        name="unsubscribe",
    ),
]
