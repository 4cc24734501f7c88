from django.urls import path

from .views import imports
from .views import proposals

app_name = "consultation_imports"

urlpatterns = [
    path("", imports.ImportListView.as_view(), name="import_list"),
    path(
        "surveys/<int:survey_pk>/upload/",
        imports.ImportUploadView.as_view(),
        name="import_upload",
    ),
    path(
        "surveys/<int:survey_pk>/keying-template.xlsx",
        imports.KeyingTemplateView.as_view(),
        name="keying_template",
    ),
    path(
        "surveys/<int:survey_pk>/responses.csv",
        imports.ResponseExportView.as_view(),
        name="response_export",
    ),
    path("batches/<int:pk>/", imports.BatchDetailView.as_view(), name="batch_detail"),
    path(
        "batches/<int:pk>/columns/",
        imports.BatchColumnsView.as_view(),
        name="batch_columns",
    ),
    path(
        "batches/<int:pk>/mapping.json",
        imports.BatchMappingDownloadView.as_view(),
        name="batch_mapping_download",
    ),
    path(
        "batches/<int:pk>/mapping-file/",
        imports.BatchMappingUploadView.as_view(),
        name="batch_mapping_upload",
    ),
    path(
        "batches/<int:pk>/values/",
        imports.BatchValuesView.as_view(),
        name="batch_values",
    ),
    path(
        "batches/<int:pk>/dates/",
        imports.BatchDatesView.as_view(),
        name="batch_dates",
    ),
    path(
        "batches/<int:pk>/preview/",
        imports.BatchPreviewView.as_view(),
        name="batch_preview",
    ),
    path("batches/<int:pk>/undo/", imports.BatchUndoView.as_view(), name="batch_undo"),
    path(
        "batches/<int:pk>/discard/",
        imports.BatchDiscardView.as_view(),
        name="batch_discard",
    ),
    path(
        "consultations/<int:consultation_pk>/survey-from-file/",
        proposals.ProposalUploadView.as_view(),
        name="proposal_upload",
    ),
    path(
        "proposals/<int:pk>/",
        proposals.ProposalReviewView.as_view(),
        name="proposal_review",
    ),
    path(
        "proposals/<int:pk>/questions/<int:index>/",
        proposals.ProposalQuestionView.as_view(),
        name="proposal_question",
    ),
]
