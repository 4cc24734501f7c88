from django.urls import path

from . import views

app_name = "improvement"

urlpatterns = [
    path(
        "strategies/<int:strategy_pk>/",
        views.ProgressView.as_view(),
        name="progress",
    ),
    path(
        "strategies/<int:strategy_pk>/actions/<int:pk>/",
        views.ActionProgressView.as_view(),
        name="action_progress",
    ),
]
