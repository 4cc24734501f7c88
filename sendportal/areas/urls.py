from django.urls import path

from . import views

app_name = "areas"

urlpatterns = [
    path(
        "accessibility/",
        views.AccessibilityStatementView.as_view(),
        name="accessibility_statement",
    ),
    path("privacy/", views.PrivacyNoticeView.as_view(), name="privacy_notice"),
]
