from django.urls import path

from .views import analysis
from .views import exports
from .views import feedback
from .views import publishing
from .views import staff

app_name = "consultations_staff"

urlpatterns = [
    path("", staff.ConsultationListView.as_view(), name="consultation_list"),
    path("new/", staff.ConsultationCreateView.as_view(), name="consultation_create"),
    path(
        "<int:pk>/", staff.ConsultationDetailView.as_view(), name="consultation_detail"
    ),
    path(
        "<int:pk>/edit/",
        staff.ConsultationUpdateView.as_view(),
        name="consultation_update",
    ),
    path("<int:pk>/publish/", staff.PublishView.as_view(), name="consultation_publish"),
    path("<int:pk>/close/", staff.CloseView.as_view(), name="consultation_close"),
    path(
        "<int:pk>/expected-mix/",
        staff.ExpectedMixView.as_view(),
        name="expected_mix",
    ),
    path(
        "<int:pk>/surveys/new/", staff.SurveyCreateView.as_view(), name="survey_create"
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/move/",
        staff.SurveyMoveView.as_view(),
        name="survey_move",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/remove/",
        staff.SurveyRemoveView.as_view(),
        name="survey_remove",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/translations/<str:language>/",
        staff.SurveyTranslationView.as_view(),
        name="survey_translation",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/questions/new/",
        staff.QuestionFormView.as_view(),
        name="question_create",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/questions/<int:question_pk>/edit/",
        staff.QuestionFormView.as_view(),
        name="question_update",
    ),
    path(
        "<int:pk>/questions/<int:question_pk>/action/",
        staff.QuestionActionView.as_view(),
        name="question_action",
    ),
    path(
        "<int:pk>/publishing/",
        publishing.PublishingListView.as_view(),
        name="publishing",
    ),
    path(
        "<int:pk>/publishing/<int:response_pk>/",
        publishing.ResponseReviewView.as_view(),
        name="response_review",
    ),
    path("<int:pk>/analysis/", analysis.AnalysisView.as_view(), name="analysis"),
    path("<int:pk>/free-text/", analysis.FreeTextView.as_view(), name="free_text"),
    path(
        "<int:pk>/export.<str:file_format>",
        exports.ExportView.as_view(),
        name="export",
    ),
    path(
        "<int:pk>/you-said-we-did/new/",
        feedback.YouSaidWeDidFormView.as_view(),
        name="feedback_create",
    ),
    path(
        "<int:pk>/you-said-we-did/draft/",
        feedback.FeedbackDraftView.as_view(),
        name="feedback_draft",
    ),
    path(
        "<int:pk>/you-said-we-did/<int:item_pk>/edit/",
        feedback.YouSaidWeDidFormView.as_view(),
        name="feedback_update",
    ),
    path(
        "<int:pk>/you-said-we-did/publish/",
        staff.PublishFeedbackView.as_view(),
        name="feedback_publish",
    ),
]
