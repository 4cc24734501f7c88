"""The plain-English check of what officers write for the public.

`check(text)` says how hard a text is to read: its reading grade (the
Flesch-Kincaid grade level from textstat: 0.39 x words per sentence
+ 11.8 x syllables per word - 15.59, so grade 9 suits most 14-year-olds), the
sentences longer than the setting allows, and the SEND words a family may not
know, each with the plain words to explain it. It is advice: nothing here
stops a text being saved or published.

Targets and lengths are settings (`PLAIN_ENGLISH_*`, read when a text is
checked); Easy Read texts have their own, lower ones.
"""

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

import textstat
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Sentence ends: ., ! or ? (and closing quotes or brackets) before a space.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")
WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
LINE_END = re.compile(r"[.!?:;\"'”’)\]]$")


# textstat loads the CMU dictionary on its first grade (2 to 4 seconds, about
# 73 MB); a lock makes the threads of one process load it once, not each.
_first_grade = threading.Lock()
_dictionary_loaded = threading.Event()


def grade_of(text: str) -> float:
    """The Flesch-Kincaid grade of `text`, 0 at the lowest."""
    if not _dictionary_loaded.is_set():
        with _first_grade:
            textstat.flesch_kincaid_grade("A first sentence loads the dictionary.")
            _dictionary_loaded.set()
    return round(max(textstat.flesch_kincaid_grade(text), 0.0), 1)


@dataclass(frozen=True)
class Jargon:
    """A SEND word or abbreviation, and the plain words that explain it."""

    names: tuple[str, ...]
    meaning: str | Promise
    # Abbreviations match only in capitals ("SEND", not "send").
    case_sensitive: bool = True

    @property
    def pattern(self) -> re.Pattern[str]:
        names = "|".join(
            re.escape(n) for n in sorted(self.names, key=len, reverse=True)
        )
        flags = 0 if self.case_sensitive else re.IGNORECASE
        return re.compile(rf"(?<![\w-])(?:{names})(?![\w-])", flags)


def _words(*names: str, meaning: str | Promise) -> Jargon:
    return Jargon(names, meaning, case_sensitive=False)


# From the SEND glossary (shared/domain/SEND_DOMAIN.md), longest names first
# where one contains another ("SEN support" before "SEN").
JARGON: tuple[Jargon, ...] = (
    Jargon(("EHCP", "EHC plan"), _("education, health and care plan")),
    Jargon(
        ("EHCNA", "EHC needs assessment"),
        _(
            "the assessment that decides if a child needs an education, health "
            "and care plan"
        ),
    ),
    Jargon(
        ("SENCO", "SENCo"),
        _("the teacher who organises help for pupils with special educational needs"),
    ),
    Jargon(
        ("SENDIASS", "IASS"),
        _("free, independent advice for families about special educational needs"),
    ),
    Jargon(("SEND",), _("special educational needs and disabilities")),
    _words(
        "SEN support",
        meaning=_(
            "extra help at school for a child who has "
            "no education, health and care plan"
        ),
    ),
    Jargon(("SEN",), _("special educational needs")),
    Jargon(
        ("PfA", "PFA"),
        _(
            "preparing for adulthood: work, living "
            "independently, friends and community, and health"
        ),
    ),
    Jargon(("SEMH",), _("social, emotional and mental health needs")),
    Jargon(("ASD", "ASC"), _("autism")),
    Jargon(("ADHD",), _("attention deficit hyperactivity disorder")),
    Jargon(("SLCN",), _("speech, language and communication needs")),
    Jargon(("CAMHS",), _("children and young people’s mental health services")),
    Jargon(
        ("LO",), _("the Local Offer: the council’s information about SEND services")
    ),
    _words(
        "Local Offer",
        meaning=_("the council’s information about services for children with SEND"),
    ),
    Jargon(
        ("AP",), _("alternative provision: education away from a mainstream school")
    ),
    Jargon(
        ("PRU",),
        _(
            "pupil referral unit: a school for pupils who cannot "
            "attend a mainstream school"
        ),
    ),
    Jargon(
        ("SRP",),
        _("specialist resource provision: a special class in a mainstream school"),
    ),
    Jargon(
        ("ARP",),
        _("additionally resourced provision: a special class in a mainstream school"),
    ),
    Jargon(("DSG",), _("dedicated schools grant: the government’s money for schools")),
    _words(
        "high needs block",
        "high-needs block",
        meaning=_("the part of the schools money that pays for SEND help"),
    ),
    Jargon(("CYP",), _("children and young people")),
    Jargon(("ICB",), _("the NHS body that plans local health services")),
    Jargon(("EOTAS",), _("education otherwise than at school")),
    Jargon(("NEET",), _("not in education, employment or training")),
    Jargon(
        ("OAP",), _("ordinarily available provision: the help every school should give")
    ),
    _words("tribunal", meaning=_("the court that hears appeals about SEND decisions")),
    _words(
        "annual review",
        meaning=_("the yearly meeting to check an education, health and care plan"),
    ),
    _words(
        "co-production",
        "coproduction",
        "co-produce",
        "co-produced",
        meaning=_("families and services planning together as equals"),
    ),
    _words(
        "graduated approach",
        meaning=_("the school’s cycle of assess, plan, do and review"),
    ),
    _words("statutory", meaning=_("required by law")),
    _words("outcomes", meaning=_("the difference the help should make for a child")),
)


@dataclass(frozen=True)
class JargonFound:
    """A jargon word as the text writes it, with its plain explanation."""

    word: str
    meaning: str | Promise


@dataclass(frozen=True)
class PlainEnglishReport:
    """How easy one text is to read, against the targets for its audience."""

    grade: float
    target: float
    max_sentence_words: int
    easy_read: bool
    long_sentences: tuple[str, ...] = ()
    jargon: tuple[JargonFound, ...] = ()

    @property
    def over_target(self) -> bool:
        return self.grade > self.target

    @property
    def needs_attention(self) -> bool:
        """Whether any advice applies: too hard, too long or unexplained words."""
        return self.over_target or bool(self.long_sentences or self.jargon)


@dataclass(frozen=True)
class PublicText:
    """One officer-written text the public will read, named for the officer."""

    label: str | Promise
    text: str
    easy_read: bool = False
    report: PlainEnglishReport | None = field(default=None, compare=False)


def sentences(text: str) -> list[str]:
    """The text's sentences; a line without an end mark (a list item, an
    outcome statement) is a sentence of its own."""
    lines = []
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            lines.append(line if LINE_END.search(line) else f"{line}.")
    return [s.strip() for s in SENTENCE_END.split(" ".join(lines)) if s.strip()]


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def jargon_in(text: str) -> list[JargonFound]:
    """The jargon the text uses without explaining it in brackets the first
    time: "EHCP (education, health and care plan)" or "education, health and
    care plan (EHCP)" needs no more explaining."""
    found: list[JargonFound] = []
    taken: list[tuple[int, int]] = []
    for term in JARGON:
        matches = [
            m
            for m in term.pattern.finditer(text)
            if not any(start <= m.start() < end for start, end in taken)
        ]
        if not matches:
            continue
        taken.extend(m.span() for m in matches)
        first = matches[0]
        before, after = text[: first.start()].rstrip(), text[first.end() :].lstrip()
        explained = after.startswith("(") or (
            before.endswith("(") and after.startswith(")")
        )
        if not explained:
            found.append(JargonFound(first.group(), term.meaning))
    found.sort(key=lambda j: text.find(j.word))
    return found


def check(text: str, *, easy_read: bool = False) -> PlainEnglishReport:
    """Check `text` against the standard targets, or Easy Read's."""
    if easy_read:
        target = settings.PLAIN_ENGLISH_EASY_READ_GRADE_TARGET
        limit = settings.PLAIN_ENGLISH_EASY_READ_MAX_SENTENCE_WORDS
    else:
        target = settings.PLAIN_ENGLISH_GRADE_TARGET
        limit = settings.PLAIN_ENGLISH_MAX_SENTENCE_WORDS
    parts = sentences(text)
    return PlainEnglishReport(
        grade=grade_of(" ".join(parts)) if parts else 0.0,
        target=target,
        max_sentence_words=limit,
        easy_read=easy_read,
        long_sentences=tuple(s for s in parts if word_count(s) > limit),
        jargon=tuple(jargon_in(text)),
    )


def checked(texts: Iterable[PublicText]) -> list[PublicText]:
    """Each non-empty text with its report."""
    return [
        PublicText(t.label, t.text, t.easy_read, check(t.text, easy_read=t.easy_read))
        for t in texts
        if t.text.strip()
    ]


def needing_attention(texts: Iterable[PublicText]) -> list[PublicText]:
    """The texts, with reports, that some advice applies to."""
    return [t for t in checked(texts) if t.report and t.report.needs_attention]
