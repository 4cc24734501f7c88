from django.urls import path

from .views import journey
from .views import pictures
from .views import public
from .views import publishing
from .views import saved

app_name = "consultations"

urlpatterns = [
    path("", public.ConsultationListView.as_view(), name="consultation_list"),
    path("you-said-we-did/", public.FeedbackListView.as_view(), name="feedback_list"),
    path(
        "<int:pk>/", public.ConsultationDetailView.as_view(), name="consultation_detail"
    ),
    path(
        "<int:pk>/you-said-we-did/",
        public.FeedbackDetailView.as_view(),
        name="feedback_detail",
    ),
    path(
        "<int:pk>/responses/",
        publishing.PublishedResponseListView.as_view(),
        name="published_responses",
    ),
    path(
        "<int:pk>/questions/<int:question_pk>/picture/",
        pictures.question_picture,
        name="question_picture",
    ),
    path(
        "<int:pk>/options/<int:option_pk>/picture/",
        pictures.option_picture,
        name="option_picture",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/start/",
        journey.JourneyStartView.as_view(),
        name="journey_start",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/check/",
        journey.JourneyCheckView.as_view(),
        name="journey_check",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/done/",
        journey.JourneyDoneView.as_view(),
        name="journey_done",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/save/",
        saved.JourneySaveView.as_view(),
        name="journey_save",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/saved/",
        saved.JourneySavedView.as_view(),
        name="journey_saved",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/resume/<slug:token>/",
        saved.JourneyResumeView.as_view(),
        name="journey_resume",
    ),
    path(
        "<int:pk>/surveys/<int:survey_pk>/<slug:step>/",
        journey.JourneyStepView.as_view(),
        name="journey_step",
    ),
]
