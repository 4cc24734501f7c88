from django.urls import path

from . import views

app_name = "strategies"

urlpatterns = [
    path("<int:pk>/", views.StrategyDetailView.as_view(), name="strategy_detail"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
]
