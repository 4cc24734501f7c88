"""The officer's strike-out form: proposed spans as checkboxes, typed text."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from sendportal.pii import Span

from .models import Answer
from .models import RedactionReason
from .publishing import REASON_FOR_KIND
from .publishing import Segment
from .publishing import Strike
from .publishing import proposed_spans
from .publishing import segments

MAX_TYPED = 500


@dataclass
class Proposal:
    span: Span
    text: str
    strike: forms.BoundField
    reason: forms.BoundField


@dataclass
class AnswerReview:
    """One free-text answer on the review page, with its fields."""

    answer: Answer
    segments: list[Segment]
    proposals: list[Proposal]
    unstrike: list[tuple[Any, forms.BoundField]]
    text: forms.BoundField
    text_reason: forms.BoundField


class RedactionForm(forms.Form):
    """Strike-outs for every free-text answer of one response.

    Each span the patterns propose is a ticked checkbox with a reason; each
    existing strike can be put back; and any exact text can be typed to strike
    out every place it appears in the answer.
    """

    def __init__(self, *args: Any, answers: list[Answer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers = answers
        self.proposals = {a.pk: proposed_spans(a) for a in answers}
        reasons = RedactionReason.choices
        for answer in answers:
            for span in self.proposals[answer.pk]:
                key = f"{answer.pk}-{span.start}-{span.end}"
                self.fields[f"strike-{key}"] = forms.BooleanField(
                    required=False, initial=True
                )
                self.fields[f"reason-{key}"] = forms.ChoiceField(
                    choices=reasons, initial=REASON_FOR_KIND.get(span.kind)
                )
            for redaction in answer.redactions.all():
                self.fields[f"unstrike-{redaction.pk}"] = forms.BooleanField(
                    required=False
                )
            self.fields[f"text-{answer.pk}"] = forms.CharField(
                required=False,
                max_length=MAX_TYPED,
                strip=False,
                error_messages={
                    "max_length": _("Text to remove must be %(n)s characters or fewer")
                    % {"n": MAX_TYPED}
                },
            )
            self.fields[f"text_reason-{answer.pk}"] = forms.ChoiceField(
                choices=reasons, initial=RedactionReason.NAME
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for answer in self.answers:
            typed = cleaned.get(f"text-{answer.pk}") or ""
            if typed.strip() and typed not in answer.text_value:
                self.add_error(
                    f"text-{answer.pk}",
                    _("Enter text exactly as it appears in the answer"),
                )
        return cleaned

    def strikes(self) -> list[Strike]:
        data = self.cleaned_data
        strikes = []
        for answer in self.answers:
            for span in self.proposals[answer.pk]:
                key = f"{answer.pk}-{span.start}-{span.end}"
                if data.get(f"strike-{key}"):
                    strikes.append(
                        Strike(answer.pk, span.start, span.end, data[f"reason-{key}"])
                    )
            typed = data.get(f"text-{answer.pk}") or ""
            if typed.strip():
                reason = data[f"text_reason-{answer.pk}"]
                start = answer.text_value.find(typed)
                while start != -1:
                    strikes.append(Strike(answer.pk, start, start + len(typed), reason))
                    start = answer.text_value.find(typed, start + len(typed))
        return strikes

    def unstrike_ids(self) -> list[int]:
        return [
            redaction.pk
            for answer in self.answers
            for redaction in answer.redactions.all()
            if self.cleaned_data.get(f"unstrike-{redaction.pk}")
        ]

    def reviews(self) -> list[AnswerReview]:
        """The answers with their fields, in the order of the page."""
        reviews = []
        for answer in self.answers:
            proposals = self.proposals[answer.pk]
            reviews.append(
                AnswerReview(
                    answer=answer,
                    segments=segments(answer, proposals),
                    proposals=[
                        Proposal(
                            span,
                            answer.text_value[span.start : span.end],
                            self[f"strike-{answer.pk}-{span.start}-{span.end}"],
                            self[f"reason-{answer.pk}-{span.start}-{span.end}"],
                        )
                        for span in proposals
                    ],
                    unstrike=[
                        (r, self[f"unstrike-{r.pk}"]) for r in answer.redactions.all()
                    ],
                    text=self[f"text-{answer.pk}"],
                    text_reason=self[f"text_reason-{answer.pk}"],
                )
            )
        return reviews
