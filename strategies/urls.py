from django.urls import path

from . import views

app_name = "strategies"

urlpatterns = [
    path("<int:pk>/", views.StrategyDetailView.as_view(), name="strategy_detail"),
    path("<int:pk>/easy-read/", views.EasyReadView.as_view(), name="easy_read"),
    path(
        "<int:pk>/easy-read/easy-read.pdf",
        views.easy_read_pdf_download,
        name="easy_read_pdf",
    ),
    path(
        "<int:pk>/easy-read/pictures/<int:section_pk>/",
        views.easy_read_picture,
        name="easy_read_picture",
    ),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document_download",
    ),
]
