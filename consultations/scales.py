"""Easy Read answer scales and how they map onto the standard agree scale.

An Easy Read scale has three points, each a short phrase with a picture. It
stores the code of the standard scale's point that means the same (see
docs/easy-read.md), so the analysis counts an Easy Read "I agree" and a
standard "Agree" together, and an export holds the same codes for both.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sendportal.pictures import SYMBOLS_BY_CODE
from sendportal.pictures import Picture
from strategies.codes import Likert

from .models.consultations import QuestionType


@dataclass(frozen=True)
class ScalePoint:
    """One answer of an Easy Read scale: its stored code, words and picture."""

    code: str
    label: str | Promise
    symbol: str

    @property
    def picture(self) -> Picture:
        symbol = SYMBOLS_BY_CODE[self.symbol]
        return Picture(symbol.url, str(symbol.label))


EASY_READ_SCALES: dict[QuestionType, tuple[ScalePoint, ...]] = {
    QuestionType.YES_NOT_SURE_NO: (
        ScalePoint(Likert.AGREE, _("Yes"), "yes"),
        ScalePoint(Likert.NEITHER, _("Not sure"), "question"),
        ScalePoint(Likert.DISAGREE, _("No"), "no"),
    ),
    QuestionType.FACES_AGREE: (
        ScalePoint(Likert.AGREE, _("I agree"), "happy"),
        ScalePoint(Likert.NEITHER, _("Not sure"), "not-sure"),
        ScalePoint(Likert.DISAGREE, _("I do not agree"), "unhappy"),
    ),
}

# Scales whose answers count towards agreement with a priority.
AGREEMENT_TYPES = (QuestionType.LIKERT, *EASY_READ_SCALES)
