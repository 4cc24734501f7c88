from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.PublishedReportListView.as_view(), name="report_list"),
    path("<int:pk>/", views.PublishedReportView.as_view(), name="report_detail"),
]
