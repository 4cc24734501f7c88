"""Finding personal details in free text, to propose them for removal.

Before a family's answers are published an officer reads them and strikes out
anything that could identify someone (docs/publishing-responses.md). These
patterns highlight the usual suspects so that nothing obvious is missed:
email addresses, UK phone numbers, postcodes, street addresses, NHS numbers
(checked with their mod-11 check digit) and personal names (after a title
such as "Mrs", after "my son", "called" or "named", and a bundled list of
common UK first names). They propose; the officer decides. A pattern that
misses something is why the officer reads every answer, and one that finds
too much costs a click, so the patterns lean towards finding.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple


class Span(NamedTuple):
    """Where a personal detail is in a text: text[start:end], of a kind."""

    start: int
    end: int
    kind: str


EMAIL = "email"
PHONE = "phone"
POSTCODE = "postcode"
ADDRESS = "address"
NHS_NUMBER = "nhs_number"
NAME = "name"

# One capitalised name: "Sam", "O'Brien", "McKenzie", "Mary-Jane" (not "Tom's",
# not "EHCP").
_WORD = r"(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?|[A-Z](?=['’][A-Z]))(?:[-'’][A-Z][a-z]+)?"

_EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# +44 7700 900123, +44 (0)1632 960001, 07700 900123, 01632-960-001.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+44[\s-]?(?:\(0\)[\s-]?)?|\(?0)\d(?:\)?[\s-]?\d){8,9}(?!\d)"
)
_NHS = re.compile(r"(?<![\d+])\d{3}([\s-]?)\d{3}\1\d{4}(?!\d)")
_POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
STREET_WORDS = [
    "Road",
    "Rd",
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Lane",
    "Ln",
    "Close",
    "Drive",
    "Dr",
    "Way",
    "Crescent",
    "Court",
    "Ct",
    "Gardens",
    "Place",
    "Pl",
    "Grove",
    "Terrace",
    "Hill",
    "Park",
    "Mews",
    "Square",
    "Walk",
    "Row",
    "Green",
    "View",
    "Rise",
    "Parade",
    "Meadow",
    "Meadows",
    "Fields",
    "Vale",
    "Wharf",
    "Chase",
    "End",
]
_ADDRESS = re.compile(
    r"\b(?:(?:Flat|Apartment)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+"
    rf"(?:{_WORD}\s+){{1,3}}(?:{'|'.join(STREET_WORDS)})\b\.?"
)
TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Sir", "Dame")
_TITLED = re.compile(rf"\b(?:{'|'.join(TITLES)})\.?\s+({_WORD}(?:\s+{_WORD})?)")
RELATIVES = [
    "son",
    "daughter",
    "child",
    "boy",
    "girl",
    "grandson",
    "granddaughter",
    "stepson",
    "stepdaughter",
    "twin",
    "twins",
    "brother",
    "sister",
    "nephew",
    "niece",
    "baby",
    "kid",
    "foster",
    "child",
]
_RELATIVE = re.compile(
    rf"\b(?i:my)\s+(?:little\s+|youngest\s+|eldest\s+|oldest\s+)?"
    rf"(?:{'|'.join(RELATIVES)})\s*,?\s+({_WORD}(?:\s+{_WORD})?)"
)
_CALLED = re.compile(rf"\b(?:called|named)\s+({_WORD}(?:\s+{_WORD})?)")

# Capitalised words that follow "called" or "my son" without being a name,
# and words that end a name ("Sam Year 6" is Sam).
NOT_NAMES = frozenset(
    [
        "I",
        "A",
        "An",
        "The",
        "He",
        "She",
        "They",
        "It",
        "We",
        "You",
        "His",
        "Her",
        "Him",
        "Them",
        "Our",
        "Their",
        "My",
        "Me",
        "Us",
        "And",
        "But",
        "Or",
        "So",
        "Because",
        "When",
        "Then",
        "Now",
        "Who",
        "What",
        "Where",
        "Why",
        "How",
        "Yes",
        "No",
        "Not",
        "Is",
        "Has",
        "Was",
        "Had",
        "Does",
        "Did",
        "Do",
        "Can",
        "Could",
        "Will",
        "Would",
        "Should",
        "Year",
        "Reception",
        "School",
        "Schools",
        "College",
        "Council",
        "Social",
        "Services",
        "Service",
        "Team",
        "Health",
        "Hospital",
        "Centre",
        "Academy",
        "Nursery",
        "Primary",
        "Secondary",
        "Special",
        "Trust",
        "Board",
        "Panel",
        "Local",
        "Offer",
        "Education",
        "Care",
        "Plan",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Christmas",
        "Easter",
        "Autism",
        "Down",
        "Syndrome",
        "Mum",
        "Mummy",
        "Dad",
        "Daddy",
        "Nan",
        "Nanny",
        "Grandma",
        "Grandad",
        "Please",
        "Thank",
        "Thanks",
        "Also",
        "Still",
        "Just",
        "Only",
        "Even",
        "Every",
        "Some",
        "Any",
        "All",
    ]
)

# Common UK first names (ONS baby names, girls and boys, over the years our
# respondents' children were born), leaving out those that are also everyday
# words at the start of a sentence ("May", "Will", "Grace", "Hope", "Mark").
FIRST_NAMES = frozenset(
    line
    for line in (Path(__file__).parent / "first_names.txt").read_text().splitlines()
    if line and not line.startswith("#")
)
_FIRST_NAME = re.compile(rf"\b(?:{'|'.join(sorted(FIRST_NAMES))})\b(?:\s+{_WORD})?")


def _nhs_number_is_valid(digits: str) -> bool:
    """The mod-11 check digit of an NHS number (NHS Data Dictionary)."""
    if len(digits) != 10 or len(set(digits)) == 1:
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _phone_is_plausible(found: str) -> bool:
    digits = re.sub(r"\D", "", found)
    if found.startswith("+44"):
        national = digits[2:]
        national = national[1:] if national.startswith("0") else national
    else:
        national = digits[1:]
    # Geographic (01, 02, 03), mobile (07) and freephone or special (08).
    return len(national) in (9, 10) and national[0] in "12378"


def _name_spans(match: re.Match[str], group: int) -> Iterator[Span]:
    """The name a pattern matched, dropping words that are not names."""
    words = list(re.finditer(r"\S+", match.group(group)))
    kept = []
    for word in words:
        if word.group() in NOT_NAMES:
            break
        kept.append(word)
    if kept:
        offset = match.start(group)
        yield Span(offset + kept[0].start(), offset + kept[-1].end(), NAME)


def _candidates(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield Span(match.start(), match.end(), EMAIL)
    for match in _NHS.finditer(text):
        if _nhs_number_is_valid(re.sub(r"\D", "", match.group())):
            yield Span(match.start(), match.end(), NHS_NUMBER)
    for match in _PHONE.finditer(text):
        if _phone_is_plausible(match.group()):
            yield Span(match.start(), match.end(), PHONE)
    for match in _ADDRESS.finditer(text):
        yield Span(match.start(), match.end(), ADDRESS)
    for match in _POSTCODE.finditer(text):
        yield Span(match.start(), match.end(), POSTCODE)
    for match in _TITLED.finditer(text):
        # "Mrs Patel" as a whole: the title says who as much as the name.
        for span in _name_spans(match, 1):
            yield Span(match.start(), span.end, NAME)
    for pattern in (_RELATIVE, _CALLED):
        for match in pattern.finditer(text):
            yield from _name_spans(match, 1)
    for match in _FIRST_NAME.finditer(text):
        yield from _name_spans(match, 0)


def find_pii(text: str) -> list[Span]:
    """The personal details found in `text`, in order, none overlapping.

    Where two findings overlap the one starting first wins, and of two
    starting together the longer ("12 Acacia Avenue" over a name in it).
    """
    found = sorted(_candidates(text), key=lambda s: (s.start, -(s.end - s.start)))
    spans: list[Span] = []
    for span in found:
        if spans and span.start < spans[-1].end:
            continue
        spans.append(span)
    return spans
