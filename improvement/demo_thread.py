"""The demo's golden thread: what people said, joined to the actions it fed.

For Buckinghamshire and Hertfordshire an officer codes free-text answers to
the themes, links every action to the themes of its priority, cites answers
and workshop findings as evidence, and links each published "You said, we
did" item to the actions for its theme. Every step goes through the audited
services, and a second load finds everything in place and changes nothing.
"""

from consultations import services as consultation_services
from consultations.models import Answer
from consultations.models import Consultation
from consultations.models import QuestionType
from consultations.models import YouSaidWeDid
from events.models import Finding
from sendportal.accounts.models import User
from sendportal.areas.models import LocalArea
from strategies.models import Strategy
from strategies.models import Theme

from . import feedback_services
from . import services
from .models import Action
from .models import ActionEvidence
from .models import ActionTheme
from .models import Plan

# What Buckinghamshire's officer coded the 2020 free-text answers to: the
# themes of its "You said, we did", by the words of each comment.
BUCKS_CODING = {
    "Autism and ADHD assessment waits": (
        "We waited 18 months for an autism assessment and had no help meanwhile.",
        "Support should not depend on getting a diagnosis first.",
    ),
    "Therapies for speech and language": (
        "Support should not depend on getting a diagnosis first.",
        "Teachers need training on autism and sensory needs in mainstream schools.",
    ),
    "Post-16 options": (
        "Transport to college is a real worry after 16.",
        "There are very few college courses for young people with complex needs.",
    ),
    "Social and leisure activities": (
        "My daughter felt welcome at her primary school but not at secondary.",
    ),
}
# Each action cites this many coded answers and findings of its themes.
EVIDENCE_PER_ACTION = 2


def code_answers(
    consultation: Consultation, coding: dict[str, tuple[str, ...]], by: User
) -> None:
    """Code the consultation's free-text answers with these words to the theme,
    where they are not coded to it already."""
    themes = {t.name: t for t in Theme.objects.for_strategy(consultation.strategy_id)}
    for name, texts in coding.items():
        theme = themes[name]
        uncoded = list(
            Answer.objects.filter(
                response__consultation=consultation,
                question__question_type=QuestionType.FREE_TEXT,
                text_value__in=texts,
            )
            .exclude(answertheme__theme=theme)
            .values_list("pk", flat=True)
        )
        if uncoded:
            consultation_services.answers_code(
                consultation=consultation, answer_ids=uncoded, themes=[theme], by=by
            )


def link_actions_to_themes(plan: Plan, by: User) -> None:
    """Each action responds to the themes of what families said under its priority."""
    themes = list(Theme.objects.for_strategy(plan.strategy).exclude(priority=None))
    for action in Action.objects.for_plan(plan).active():
        for theme in themes:
            if theme.priority_id == action.priority_id:
                services.action_theme_link(action=action, theme=theme, by=by)


def cite_evidence(plan: Plan, by: User) -> None:
    """Each action cites the first few answers and findings coded to its themes."""
    for action in Action.objects.for_plan(plan).active():
        if ActionEvidence.objects.filter(action=action).exists():
            continue
        themes = ActionTheme.objects.filter(action=action).values("theme")
        answers = list(
            Answer.objects.filter(
                answertheme__theme__in=themes,
                response__consultation__area_id=plan.area_id,
            )
            .distinct()
            .order_by("pk")[:EVIDENCE_PER_ACTION]
        )
        findings = list(
            Finding.objects.filter(themes__in=themes, event__area_id=plan.area_id)
            .distinct()
            .order_by("pk")[:EVIDENCE_PER_ACTION]
        )
        services.action_evidence_cite(
            action=action, by=by, answers=answers, findings=findings
        )


def link_feedback(area: LocalArea, by: User) -> None:
    """Each published item is answered by the public actions for its theme."""
    for item in YouSaidWeDid.objects.published().filter(consultation__area=area):
        if item.theme_id is None:
            continue
        if item.action_links.exists():
            continue
        actions = feedback_services.answerable_actions(item.consultation).filter(
            theme_links__theme_id=item.theme_id
        )
        feedback_services.feedback_item_actions_set(
            item=item, actions=list(actions), by=by
        )


def load_thread(area: LocalArea, strategy: Strategy, officer: User) -> None:
    consultation = Consultation.objects.filter(strategy=strategy).first()
    if consultation is not None and area.slug == "buckinghamshire":
        code_answers(consultation, BUCKS_CODING, officer)
    for plan in Plan.objects.filter(strategy=strategy):
        link_actions_to_themes(plan, officer)
        cite_evidence(plan, officer)
    link_feedback(area, officer)
