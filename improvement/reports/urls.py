from django.urls import path

from . import views

app_name = "reports_staff"

urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path(
        "plans/<int:plan_pk>/request/",
        views.ReportRequestView.as_view(),
        name="report_request",
    ),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/report/", views.ReportHtmlView.as_view(), name="report_view"),
    path("<int:pk>/pdf/", views.ReportPdfView.as_view(), name="report_pdf"),
    path(
        "<int:pk>/publish/",
        views.ReportPublishView.as_view(publish=True),
        name="report_publish",
    ),
    path("<int:pk>/retry/", views.ReportRetryView.as_view(), name="report_retry"),
    path(
        "<int:pk>/withdraw/",
        views.ReportPublishView.as_view(publish=False),
        name="report_withdraw",
    ),
]
