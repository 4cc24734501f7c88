"""Pictures officers uploaded for Easy Read questions and answers."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from sendportal.areas.mixins import area_from_slug

from ..models import Consultation
from ..models import Option
from ..models import Question

CONTENT_TYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}


def _serve(
    request: HttpRequest, consultation: Consultation, file: FieldFile
) -> FileResponse:
    """The picture, after the same visibility check as its consultation."""
    if not request.user.has_perm("consultations.view_consultation", consultation):
        raise Http404
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if file else ""
    if extension not in CONTENT_TYPES:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    except PermissionError as error:  # pragma: no cover - storage misconfigured
        raise PermissionDenied from error
    response = FileResponse(handle, content_type=CONTENT_TYPES[extension])
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
def question_picture(
    request: HttpRequest, area_slug: str, pk: int, question_pk: int
) -> FileResponse:
    area = area_from_slug(request, area_slug)
    question = get_object_or_404(
        Question.objects.select_related("survey__consultation"),
        pk=question_pk,
        survey__consultation_id=pk,
        survey__consultation__area=area,
    )
    return _serve(request, question.survey.consultation, question.picture_image)


@login_not_required
def option_picture(
    request: HttpRequest, area_slug: str, pk: int, option_pk: int
) -> FileResponse:
    area = area_from_slug(request, area_slug)
    option = get_object_or_404(
        Option.objects.select_related("question__survey__consultation"),
        pk=option_pk,
        question__survey__consultation_id=pk,
        question__survey__consultation__area=area,
    )
    return _serve(request, option.question.survey.consultation, option.picture_image)
