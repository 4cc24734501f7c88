from django.urls import path

from . import feedback_views

app_name = "you_said_we_did"

urlpatterns = [
    path("", feedback_views.YearListView.as_view(), name="year_list"),
    path("<int:year>/", feedback_views.YearView.as_view(), name="year_detail"),
    path(
        "<int:year>/you-said-we-did.pdf",
        feedback_views.year_pdf_download,
        name="year_pdf",
    ),
]
