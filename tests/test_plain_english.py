"""The plain-English check: reading grade, long sentences, SEND jargon, targets."""

import io
import subprocess
import sys

import pytest
import textstat
from django.core.management import call_command

from sendportal.plain_english import PublicText
from sendportal.plain_english import check
from sendportal.plain_english import needing_attention
from sendportal.plain_english import sentences
from tests.consultations.factories import SurveyFactory
from tests.consultations.factories import YouSaidWeDidFactory
from tests.strategies.factories import PriorityFactory
from tests.strategies.factories import StrategyFactory

EASY = "We want to hear from you. Tell us what you think. It will help us."
HARD = (
    "The local area partnership will strengthen the identification of special "
    "educational needs through comprehensive multi-agency collaboration and "
    "commissioning arrangements across the partnership."
)
LONG = (
    "We will work with parents, carers, schools, colleges, health services and "
    "social care teams across the whole county so that every child and young "
    "person gets the right help at the right time in the right place."
)


def test_the_grade_is_textstats_flesch_kincaid_grade() -> None:
    assert check(HARD).grade == round(textstat.flesch_kincaid_grade(HARD), 1)
    assert check(HARD).grade > 15
    assert check(EASY).grade < 3


def test_a_text_above_the_target_is_flagged_and_one_below_is_not() -> None:
    assert check(HARD).over_target
    assert check(HARD).needs_attention
    assert not check(EASY).over_target
    assert not check(EASY).needs_attention


def test_sentences_longer_than_25_words_are_quoted_back() -> None:
    report = check(f"{EASY} {LONG} Thank you.")
    assert report.long_sentences == (LONG,)
    assert report.max_sentence_words == 25
    # 25 words is still within the limit.
    assert not check(" ".join(["word"] * 25) + ".").long_sentences
    assert check(" ".join(["word"] * 26) + ".").long_sentences


def test_each_line_without_an_end_mark_is_a_sentence_of_its_own() -> None:
    assert sentences("I have a plan\nI am listened to\n\nI feel safe.") == [
        "I have a plan.",
        "I am listened to.",
        "I feel safe.",
    ]


def test_jargon_is_listed_with_the_words_that_explain_it() -> None:
    report = check("Ask your SENCO about an EHCP. We offer SEN support.")
    found = {term.word: str(term.meaning) for term in report.jargon}
    assert list(found) == ["SENCO", "EHCP", "SEN support"]
    assert found["EHCP"] == "education, health and care plan"


def test_jargon_explained_in_brackets_the_first_time_is_not_listed() -> None:
    explained = (
        "An education, health and care plan (EHCP) sets out help. Each EHCP is "
        "reviewed. Co-production (working together as equals) matters."
    )
    assert check(explained).jargon == ()
    after = check("EHCP (education, health and care plan) reviews happen yearly.")
    assert after.jargon == ()
    # Explained only later: the first use still needs explaining.
    late = check("Your EHCP is reviewed. An EHCP (a plan) is a legal document.")
    assert [t.word for t in late.jargon] == ["EHCP"]


def test_abbreviations_match_only_in_capitals() -> None:
    assert check("Please send us your views.").jargon == ()
    assert [t.word for t in check("Our SEND strategy.").jargon] == ["SEND"]


def test_targets_come_from_settings(settings) -> None:
    settings.PLAIN_ENGLISH_GRADE_TARGET = 20
    settings.PLAIN_ENGLISH_MAX_SENTENCE_WORDS = 40
    report = check(f"{HARD} {LONG}")
    assert report.target == 20
    assert not report.over_target
    assert report.long_sentences == ()


def test_easy_read_texts_have_the_lower_easy_read_target(settings) -> None:
    text = "Tell us what you think about our new plans for schools."
    standard, easy = check(text), check(text, easy_read=True)
    assert standard.target == 9
    assert easy.target == 5
    assert easy.max_sentence_words == 15
    settings.PLAIN_ENGLISH_EASY_READ_GRADE_TARGET = 1
    assert check(text, easy_read=True).over_target
    assert not check(text).over_target


def test_only_texts_needing_attention_are_summarised() -> None:
    texts = [
        PublicText("Summary", EASY),
        PublicText("Vision", HARD),
        PublicText("Empty", "  "),
        PublicText("Question", "Is your EHCP reviewed?"),
    ]
    assert [t.label for t in needing_attention(texts)] == ["Vision", "Question"]


@pytest.mark.parametrize("text", ["", "   ", "!!!", "12 34"])
def test_text_without_words_gets_a_report_not_an_error(text) -> None:
    assert check(text).grade >= 0


OFFLINE = """
import socket

def refuse(*args, **kwargs):
    raise OSError("no network")

socket.socket.connect = refuse
socket.getaddrinfo = refuse
import textstat
print(textstat.flesch_kincaid_grade("Children and families deserve a voice."))
"""


@pytest.mark.slow
def test_the_grade_needs_no_network() -> None:
    done = subprocess.run(  # noqa: S603  # our own interpreter and script
        [sys.executable, "-c", OFFLINE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert float(done.stdout) > 0


@pytest.mark.django_db
def test_the_report_command_prints_each_public_text_of_the_area(area) -> None:
    strategy = StrategyFactory.create(area=area, title="Plan", vision=HARD)
    PriorityFactory.create(strategy=strategy, number=1, description=EASY)
    survey = SurveyFactory.create(
        consultation__area=area,
        consultation__strategy=strategy,
        title="Easy",
        is_easy_read=True,
        intro=EASY,
    )
    YouSaidWeDidFactory.create(consultation=survey.consultation, we_did=LONG)
    StrategyFactory.create(title="Elsewhere", vision=HARD)
    out = io.StringIO()
    call_command("plain_english_report", area.slug, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "grade\ttarget\tlong\tjargon\ttext"
    vision = next(line for line in lines if line.endswith(": Vision"))
    assert vision.startswith(f"{check(HARD).grade:.1f}\t9\t")
    assert any(line.endswith("(all)") and "Strategy “Plan" in line for line in lines)
    intro = next(line for line in lines if "“Easy”: introduction" in line)
    assert intro.split("\t")[1] == "5"
    assert any(line.endswith("you said, we did: Item 1: we did") for line in lines)
    assert not any("Elsewhere" in line for line in lines)


@pytest.mark.django_db
def test_the_report_command_refuses_an_unknown_area() -> None:
    with pytest.raises(Exception, match="No area with the slug nowhere"):
        call_command("plain_english_report", "nowhere")
