"""Matching the answers of a file's choice columns to the portal's codes.

Every column matched to a choice (who answered, who helped, the respondent's
district, age, need, setting and support, and the survey's choice and agree
questions) takes its answers from a list of codes. A file's own wording is
matched by, in turn: the officer's choice for this file, the officer's earlier
choice for the survey (then for another survey of the area), the list's
labels and codes, and the wordings the common survey tools and council forms
use (the synonyms below). Only the first three and exact wordings are "sure";
a guess is offered as a hint and the officer chooses.
"""

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from django.utils.translation import gettext as _

from sendportal.areas.models import District
from sendportal.spreadsheets import Cell
from sendportal.spreadsheets import Table
from sendportal.spreadsheets import cell_text
from sendportal.spreadsheets import normalise_label
from sendportal.spreadsheets import split_choices
from strategies.codes import AgeBand
from strategies.codes import Consent
from strategies.codes import Likert
from strategies.codes import NeedType
from strategies.codes import RespondentType
from strategies.codes import SettingType
from strategies.codes import SupportedBy
from strategies.codes import SupportLevel

from ..models import Question
from ..models import QuestionType
from .columns import AGE_BANDS
from .columns import DISTRICT
from .columns import NEED_CODES
from .columns import PROFILE_LABELS
from .columns import RESPONDENT_TYPE
from .columns import SETTING_TYPE
from .columns import SUPPORT_LEVEL
from .columns import SUPPORTED_BY
from .columns import target_label
from .columns import target_question_id

NOT_GIVEN = ""
# The most distinct answers listed for one column: more means free text.
VALUES_SHOWN = 200

# Wordings of the common tools and council forms, normalised. Where a wording
# could mean several codes it is left out here and offered as a guess below
# ("Education professional" is early years, school or college staff).
RESPONDENT_WORDS: Mapping[str, str] = {
    "parent": RespondentType.PARENT_CARER,
    "carer": RespondentType.PARENT_CARER,
    "parent carer": RespondentType.PARENT_CARER,
    "parent or carer": RespondentType.PARENT_CARER,
    "parent and carer": RespondentType.PARENT_CARER,
    "parent or guardian": RespondentType.PARENT_CARER,
    "guardian": RespondentType.PARENT_CARER,
    "foster carer": RespondentType.PARENT_CARER,
    "kinship carer": RespondentType.PARENT_CARER,
    "mum": RespondentType.PARENT_CARER,
    "dad": RespondentType.PARENT_CARER,
    "child": RespondentType.CYP,
    "pupil": RespondentType.CYP,
    "child or young person": RespondentType.CYP,
    "cyp": RespondentType.CYP,
    "young person": RespondentType.YOUNG_PERSON,
    "young adult": RespondentType.YOUNG_PERSON,
    "grandparent": RespondentType.FAMILY_OTHER,
    "family member": RespondentType.FAMILY_OTHER,
    "sibling": RespondentType.FAMILY_OTHER,
    "relative": RespondentType.FAMILY_OTHER,
    "early years": RespondentType.EDUCATION_EARLY_YEARS,
    "nursery staff": RespondentType.EDUCATION_EARLY_YEARS,
    "childminder": RespondentType.EDUCATION_EARLY_YEARS,
    "teacher": RespondentType.EDUCATION_SCHOOL,
    "senco": RespondentType.EDUCATION_SCHOOL,
    "teaching assistant": RespondentType.EDUCATION_SCHOOL,
    "headteacher": RespondentType.EDUCATION_SCHOOL,
    "head teacher": RespondentType.EDUCATION_SCHOOL,
    "school staff": RespondentType.EDUCATION_SCHOOL,
    "college staff": RespondentType.EDUCATION_POST16,
    "lecturer": RespondentType.EDUCATION_POST16,
    "health": RespondentType.HEALTH,
    "health professional": RespondentType.HEALTH,
    "health visitor": RespondentType.HEALTH,
    "nurse": RespondentType.HEALTH,
    "school nurse": RespondentType.HEALTH,
    "doctor": RespondentType.HEALTH,
    "gp": RespondentType.HEALTH,
    "paediatrician": RespondentType.HEALTH,
    "therapist": RespondentType.HEALTH,
    "speech and language therapist": RespondentType.HEALTH,
    "occupational therapist": RespondentType.HEALTH,
    "social worker": RespondentType.SOCIAL_CARE,
    "social care": RespondentType.SOCIAL_CARE,
    "local authority officer": RespondentType.LA_OFFICER,
    "local authority": RespondentType.LA_OFFICER,
    "council officer": RespondentType.LA_OFFICER,
    "council staff": RespondentType.LA_OFFICER,
    "la officer": RespondentType.LA_OFFICER,
    "voluntary or community sector": RespondentType.VCS,
    "voluntary and community sector": RespondentType.VCS,
    "voluntary sector": RespondentType.VCS,
    "community sector": RespondentType.VCS,
    "charity": RespondentType.VCS,
    "vcs": RespondentType.VCS,
    "vcse": RespondentType.VCS,
    "third sector": RespondentType.VCS,
    "parent carer forum": RespondentType.PCF_REP,
    "pcf": RespondentType.PCF_REP,
    "councillor": RespondentType.ELECTED_MEMBER,
    "elected member": RespondentType.ELECTED_MEMBER,
    "other": RespondentType.OTHER,
    "other please specify": RespondentType.OTHER,
    "member of the public": RespondentType.OTHER,
    "resident": RespondentType.OTHER,
    "prefer not to say": RespondentType.PREFER_NOT_SAY,
    "rather not say": RespondentType.PREFER_NOT_SAY,
    "id rather not say": RespondentType.PREFER_NOT_SAY,
}
RESPONDENT_GUESSES: Mapping[str, str] = {
    "education professional": RespondentType.EDUCATION_SCHOOL,
    "education": RespondentType.EDUCATION_SCHOOL,
    "professional": RespondentType.OTHER,
    "student": RespondentType.YOUNG_PERSON,
}

# Who helped, as paper forms and survey tools write it: the journey's answers
# ("Yes, an advocate") and the usual short forms.
SUPPORTED_BY_WORDS: Mapping[str, str] = {
    "no": SupportedBy.NOBODY,
    "none": SupportedBy.NOBODY,
    "no one": SupportedBy.NOBODY,
    "no i answered on my own": SupportedBy.NOBODY,
    "parent": SupportedBy.PARENT_CARER,
    "carer": SupportedBy.PARENT_CARER,
    "parent or carer": SupportedBy.PARENT_CARER,
    "teacher": SupportedBy.TEACHER_SUPPORT_WORKER,
    "support worker": SupportedBy.TEACHER_SUPPORT_WORKER,
    "teacher or support worker": SupportedBy.TEACHER_SUPPORT_WORKER,
    "advocate": SupportedBy.ADVOCATE,
    "id rather not say": SupportedBy.PREFER_NOT_SAY,
}

AGE_WORDS: Mapping[str, str] = {
    "under 5": AgeBand.UNDER_5,
    "under five": AgeBand.UNDER_5,
    "0 4": AgeBand.UNDER_5,
    "5 10": AgeBand.AGE_5_10,
    "11 15": AgeBand.AGE_11_15,
    "16 19": AgeBand.AGE_16_19,
    "20 25": AgeBand.AGE_20_25,
}
# Words around an age that do not change it: "5 to 10 years old".
AGE_NOISE = re.compile(r"\b(aged|ages|age|years|year|yrs|old)\b")

NEED_WORDS: Mapping[str, str] = {
    "asd": NeedType.ASD,
    "asc": NeedType.ASD,
    "autistic": NeedType.ASD,
    "autism spectrum disorder": NeedType.ASD,
    "autistic spectrum disorder": NeedType.ASD,
    "autism spectrum condition": NeedType.ASD,
    "autistic spectrum condition": NeedType.ASD,
    "slcn": NeedType.SLCN,
    "speech and language": NeedType.SLCN,
    "speech language and communication": NeedType.SLCN,
    "speech language and communication needs": NeedType.SLCN,
    "semh": NeedType.SEMH,
    "social emotional and mental health": NeedType.SEMH,
    "social emotional mental health": NeedType.SEMH,
    "mental health": NeedType.SEMH,
    "mld": NeedType.MLD,
    "moderate learning difficulties": NeedType.MLD,
    "sld": NeedType.SLD,
    "severe learning difficulties": NeedType.SLD,
    "pmld": NeedType.PMLD,
    "profound and multiple learning difficulties": NeedType.PMLD,
    "spld": NeedType.SPLD,
    "specific learning difficulty": NeedType.SPLD,
    "specific learning difficulties": NeedType.SPLD,
    "dyslexia": NeedType.SPLD,
    "dyspraxia": NeedType.SPLD,
    "dyscalculia": NeedType.SPLD,
    "hi": NeedType.HI,
    "hearing": NeedType.HI,
    "deaf": NeedType.HI,
    "vi": NeedType.VI,
    "visual impairment": NeedType.VI,
    "msi": NeedType.MSI,
    "deafblind": NeedType.MSI,
    "pd": NeedType.PD,
    "physical disability": NeedType.PD,
    "physical": NeedType.PD,
    "oth": NeedType.OTH,
    "other": NeedType.OTH,
    "not sure": NeedType.UNSURE,
    "unsure": NeedType.UNSURE,
    "awaiting assessment": NeedType.UNSURE,
    "awaiting diagnosis": NeedType.UNSURE,
}
NEED_GUESSES: Mapping[str, str] = {
    # ADHD has no code of its own; school census returns record it as SEMH.
    "adhd": NeedType.SEMH,
    "add": NeedType.SEMH,
    "learning difficulty": NeedType.MLD,
    "learning difficulties": NeedType.MLD,
    "communication and interaction": NeedType.SLCN,
    "sensory": NeedType.OTH,
}

SETTING_WORDS: Mapping[str, str] = {
    "nursery": SettingType.EARLY_YEARS_PVI,
    "pre school": SettingType.EARLY_YEARS_PVI,
    "preschool": SettingType.EARLY_YEARS_PVI,
    "childminder": SettingType.EARLY_YEARS_PVI,
    "primary": SettingType.MAINSTREAM_PRIMARY,
    "primary school": SettingType.MAINSTREAM_PRIMARY,
    "infant school": SettingType.MAINSTREAM_PRIMARY,
    "junior school": SettingType.MAINSTREAM_PRIMARY,
    "secondary": SettingType.MAINSTREAM_SECONDARY,
    "secondary school": SettingType.MAINSTREAM_SECONDARY,
    "high school": SettingType.MAINSTREAM_SECONDARY,
    "special": SettingType.SPECIAL_MAINTAINED_ACADEMY,
    "special school": SettingType.SPECIAL_MAINTAINED_ACADEMY,
    "independent special school": SettingType.INDEPENDENT_NMSS,
    "non maintained special school": SettingType.INDEPENDENT_NMSS,
    "resource base": SettingType.RESOURCE_BASE_ARP,
    "resourced provision": SettingType.RESOURCE_BASE_ARP,
    "sen unit": SettingType.RESOURCE_BASE_ARP,
    "arp": SettingType.RESOURCE_BASE_ARP,
    "pru": SettingType.ALTERNATIVE_PROVISION_PRU,
    "pupil referral unit": SettingType.ALTERNATIVE_PROVISION_PRU,
    "alternative provision": SettingType.ALTERNATIVE_PROVISION_PRU,
    "college": SettingType.FE_COLLEGE,
    "fe college": SettingType.FE_COLLEGE,
    "further education": SettingType.FE_COLLEGE,
    "sixth form": SettingType.SIXTH_FORM,
    "6th form": SettingType.SIXTH_FORM,
    "apprenticeship": SettingType.APPRENTICESHIP_SUPPORTED_INTERNSHIP,
    "supported internship": SettingType.APPRENTICESHIP_SUPPORTED_INTERNSHIP,
    "home educated": SettingType.EHE,
    "home education": SettingType.EHE,
    "ehe": SettingType.EHE,
    "eotas": SettingType.EOTAS,
    "not in education": SettingType.NOT_IN_EDUCATION,
    "none": SettingType.NOT_IN_EDUCATION,
    "other": SettingType.OTHER,
}

SUPPORT_WORDS: Mapping[str, str] = {
    "none": SupportLevel.NONE_IDENTIFIED,
    "no support": SupportLevel.NONE_IDENTIFIED,
    "sen support": SupportLevel.SEN_SUPPORT,
    "school support": SupportLevel.SEN_SUPPORT,
    "k": SupportLevel.SEN_SUPPORT,
    "ehcp": SupportLevel.EHCP,
    "ehc plan": SupportLevel.EHCP,
    "education health and care plan": SupportLevel.EHCP,
    "statement": SupportLevel.EHCP,
    "e": SupportLevel.EHCP,
    "ehcna": SupportLevel.EHCNA_IN_PROGRESS,
    "ehc needs assessment": SupportLevel.EHCNA_IN_PROGRESS,
    "assessment in progress": SupportLevel.EHCNA_IN_PROGRESS,
    "applying for an ehcp": SupportLevel.EHCNA_IN_PROGRESS,
    "dont know": SupportLevel.DONT_KNOW,
    "not sure": SupportLevel.DONT_KNOW,
    "unsure": SupportLevel.DONT_KNOW,
}

LIKERT_WORDS: Mapping[str, str] = {
    "sa": Likert.STRONGLY_AGREE,
    "agree strongly": Likert.STRONGLY_AGREE,
    "a": Likert.AGREE,
    "n": Likert.NEITHER,
    "neutral": Likert.NEITHER,
    "neither": Likert.NEITHER,
    "neither agree or disagree": Likert.NEITHER,
    "d": Likert.DISAGREE,
    "sd": Likert.STRONGLY_DISAGREE,
    "disagree strongly": Likert.STRONGLY_DISAGREE,
    "dk": Likert.DONT_KNOW,
    "dont know": Likert.DONT_KNOW,
    "not sure": Likert.DONT_KNOW,
}
# A numbered agree scale: the tools number it either way round, so the
# numbers are guesses for the officer to confirm.
LIKERT_NUMBERS: Mapping[str, str] = {
    "5": Likert.STRONGLY_AGREE,
    "4": Likert.AGREE,
    "3": Likert.NEITHER,
    "2": Likert.DISAGREE,
    "1": Likert.STRONGLY_DISAGREE,
}

CONSENT_WORDS: Mapping[str, str] = {"y": Consent.YES, "n": Consent.NO}

# How council forms shorten place names: "North Herts", "St Albans".
PLACE_WORDS = {
    "herts": "hertfordshire",
    "bucks": "buckinghamshire",
    "beds": "bedfordshire",
    "cambs": "cambridgeshire",
    "glos": "gloucestershire",
    "hants": "hampshire",
    "leics": "leicestershire",
    "lincs": "lincolnshire",
    "northants": "northamptonshire",
    "notts": "nottinghamshire",
    "oxon": "oxfordshire",
    "staffs": "staffordshire",
    "wilts": "wiltshire",
    "worcs": "worcestershire",
    "yorks": "yorkshire",
    "st": "saint",
    "n": "north",
    "s": "south",
    "e": "east",
    "w": "west",
}
PLACE_NOISE = {"district", "borough", "council", "city", "of", "the", "and"}


def place_key(value: str) -> str:
    """A place name for matching: "North Herts District" is "north hertfordshire"."""
    words = [
        PLACE_WORDS.get(word, word)
        for word in normalise_label(value).split()
        if word not in PLACE_NOISE
    ]
    return " ".join(words)


def age_key(value: str) -> str:
    return " ".join(
        AGE_NOISE.sub(" ", normalise_label(value).replace(" to ", " ")).split()
    )


@dataclass
class ValueList:
    """The codes a column takes, and the wordings matched to them."""

    target: str
    kind: str
    choices: list[tuple[str, str]]
    multiple: bool = False
    other: str = ""
    sure: dict[str, str] = field(default_factory=dict)
    guesses: dict[str, str] = field(default_factory=dict)
    # Extra ways to reduce a value before matching (place names, ages).
    reduce: tuple[str, ...] = ()
    # One multiple choice spread over several columns (SurveyMonkey): each
    # cell is one answer, commas and all, never split.
    whole: bool = False

    def __post_init__(self) -> None:
        self.labels = [label for _code, label in self.choices]
        self.codes = {code for code, _label in self.choices}
        self.label_of = dict(self.choices)

    def add(self, words: Mapping[str, str], *, sure: bool = True) -> None:
        into = self.sure if sure else self.guesses
        for word, code in words.items():
            if code in self.codes:
                into.setdefault(normalise_label(word), code)

    def _reduced(self, key: str) -> Iterable[str]:
        yield key
        if "place" in self.reduce:
            yield place_key(key)
        if "age" in self.reduce:
            yield age_key(key)

    def match(self, key: str) -> str | None:
        """The code a normalised value surely means, or None."""
        for reduced in self._reduced(key):
            if reduced in self.sure:
                return self.sure[reduced]
        return None

    def guess(self, key: str) -> str | None:
        """A code the value may mean, for the officer to confirm."""
        for reduced in self._reduced(key):
            if reduced in self.guesses:
                return self.guesses[reduced]
        if "place" in self.reduce:
            place = place_key(key)
            found = {
                code
                for name, code in self.sure.items()
                if place and (name.startswith(place) or place.startswith(name))
            }
            if len(found) == 1:
                return found.pop()
        return None

    def resolver(self, explicit: Mapping[str, str]) -> Callable[[str], str | None]:
        """Normalised value to code ("" is Not given, None unknown) for the
        row conversion: the officer's choices first, then the sure wordings.
        Memoised, so a large file resolves each distinct answer once."""
        cache: dict[str, str | None] = {}

        def resolve(key: str) -> str | None:
            if key in cache:
                return cache[key]
            code = explicit.get(key)
            if code is None or (code != NOT_GIVEN and code not in self.codes):
                code = self.match(key)
            cache[key] = code
            return code

        return resolve

    def allowed(self) -> str:
        return "; ".join(self.labels)


def _of_choices(
    target: str,
    kind: str,
    choices: Sequence[tuple[str, object]],
    *,
    multiple: bool = False,
    other: str = "",
    reduce: tuple[str, ...] = (),
) -> ValueList:
    values = ValueList(
        target,
        kind,
        [(str(code), str(label)) for code, label in choices],
        multiple=multiple,
        other=other,
        reduce=reduce,
    )
    for code, label in values.choices:
        values.sure.setdefault(normalise_label(label), code)
        values.sure.setdefault(normalise_label(code), code)
    return values


def district_list(districts: Sequence[District]) -> ValueList:
    values = _of_choices(
        DISTRICT,
        DISTRICT,
        [(district.code, district.name) for district in districts],
        reduce=("place",),
    )
    for district in districts:
        values.sure.setdefault(place_key(district.name), district.code)
    return values


def question_kind(question: Question) -> str:
    """The remembered-mapping kind of a question: its answers' codes, so that
    every question with the same answers shares what the officer chose."""
    codes = "|".join(sorted(code for code, _label in question.choices()))
    kind = f"options:{codes}"
    if len(kind) > 200:
        kind = "options:#" + hashlib.sha256(codes.encode()).hexdigest()
    return kind


def _is_other(code: str, label: str) -> bool:
    """Whether a question's option is its "Other" ("Other (please specify)")."""
    text = normalise_label(label)
    return code.lower() in ("other", "oth") or text in ("other", "other please specify")


def question_list(question: Question) -> ValueList | None:
    kind = question.question_type
    if kind in (QuestionType.FREE_TEXT, QuestionType.NUMBER):
        return None
    choices = question.choices()
    other = next((code for code, label in choices if _is_other(code, label)), "")

    values = _of_choices(
        f"q:{question.pk}",
        question_kind(question),
        choices,
        multiple=kind == QuestionType.MULTI_CHOICE,
        other=other,
    )
    if kind == QuestionType.LIKERT:
        values.add(LIKERT_WORDS)
        values.add(LIKERT_NUMBERS, sure=False)
    elif kind == QuestionType.CONSENT:
        values.add(CONSENT_WORDS)
    return values


def profile_list(target: str) -> ValueList:
    """The code list of who answered, who helped and the respondent's profile
    (not districts, which are the area's own)."""
    if target == RESPONDENT_TYPE:
        values = _of_choices(
            target, target, RespondentType.choices, other=RespondentType.OTHER
        )
        values.add(RESPONDENT_WORDS)
        values.add(RESPONDENT_GUESSES, sure=False)
    elif target == SUPPORTED_BY:
        values = _of_choices(target, target, SupportedBy.choices)
        values.add(SUPPORTED_BY_WORDS)
        # "Yes, an advocate", "Yes - a teacher": the journey's own answers.
        values.add({f"yes {word}": code for word, code in list(values.sure.items())})
    elif target == AGE_BANDS:
        values = _of_choices(
            target, target, AgeBand.choices, multiple=True, reduce=("age",)
        )
        values.add({age_key(str(label)): code for code, label in AgeBand.choices})
        values.add(AGE_WORDS)
    elif target == NEED_CODES:
        values = _of_choices(
            target, target, NeedType.choices, multiple=True, other=NeedType.OTH
        )
        values.add(NEED_WORDS)
        values.add(NEED_GUESSES, sure=False)
    elif target == SETTING_TYPE:
        values = _of_choices(
            target, target, SettingType.choices, other=SettingType.OTHER
        )
        values.add(SETTING_WORDS)
    elif target == SUPPORT_LEVEL:
        values = _of_choices(target, target, SupportLevel.choices)
        values.add(SUPPORT_WORDS)
    else:
        raise ValueError(target)
    return values


def value_lists(
    mapping: Sequence[str],
    questions: Sequence[Question],
    districts: Sequence[District],
) -> dict[str, ValueList]:
    """The code list of every choice column of a mapping, by its target."""
    by_id = {question.pk: question for question in questions}
    lists: dict[str, ValueList] = {}
    columns = Counter(mapping)
    for target in mapping:
        if not target or target in lists:
            continue
        question_id = target_question_id(target)
        if question_id is not None:
            question = by_id.get(question_id)
            found = question_list(question) if question is not None else None
            if found is not None:
                lists[target] = found
        elif target == DISTRICT:
            lists[target] = district_list(districts)
        elif target in (RESPONDENT_TYPE, SUPPORTED_BY) or target in PROFILE_LABELS:
            lists[target] = profile_list(target)
    for target, values in lists.items():
        values.whole = values.multiple and columns[target] > 1
    return lists


def cell_pieces(value: Cell, values: ValueList) -> list[str]:
    """The answers in a cell: one, or for a multiple choice those split by the
    tools' separators (a whole cell that is itself an answer stays whole)."""
    text = cell_text(value)
    if not text:
        return []
    if not values.multiple or values.whole or normalise_label(text) in values.sure:
        return [text]
    matched, unknown = split_choices(value, values.labels)
    return [piece.strip() for piece in [*matched, *unknown] if piece.strip()]


def _memo(cell: Cell) -> Cell:
    return cell if isinstance(cell, str | int | float) else cell_text(cell)


def _single_column_counts(
    table: Table, position: int, values: ValueList, texts: dict[str, str]
) -> Counter[str]:
    """Rows by answer of one column: each distinct cell is split once."""
    cells: Counter[Cell] = Counter()
    first: dict[Cell, Cell] = {}
    for _number, row in table.rows:
        cell = row[position] if position < len(row) else None
        if cell is None or cell == "":
            continue
        memo = _memo(cell)
        cells[memo] += 1
        first.setdefault(memo, cell)
    counts: Counter[str] = Counter()
    for memo, n in cells.items():
        for key in _cell_keys(first[memo], values, texts):
            counts[key] += n
    return counts


def _columns_counts(
    table: Table, positions: Sequence[int], values: ValueList, texts: dict[str, str]
) -> Counter[str]:
    """Rows by answer of several columns (one multiple choice spread over
    them): a row counts once for each answer, however many columns give it."""
    keys_of: dict[Cell, tuple[str, ...]] = {}
    counts: Counter[str] = Counter()
    for _number, row in table.rows:
        found: set[str] = set()
        for position in positions:
            cell = row[position] if position < len(row) else None
            if cell is None or cell == "":
                continue
            memo = _memo(cell)
            keys = keys_of.get(memo)
            if keys is None:
                keys = keys_of[memo] = _cell_keys(cell, values, texts)
            found.update(keys)
        counts.update(found)
    return counts


def _cell_keys(cell: Cell, values: ValueList, texts: dict[str, str]) -> tuple[str, ...]:
    """The distinct normalised answers of a cell, noting each one's text."""
    keys: list[str] = []
    for piece in cell_pieces(cell, values):
        key = normalise_label(piece)
        if key and key not in keys:
            keys.append(key)
            texts.setdefault(key, piece)
    return tuple(keys)


@dataclass
class FileValue:
    """One distinct answer of a column and what it is matched to."""

    text: str
    key: str
    count: int
    chosen: str | None = None  # None: nothing chosen yet
    hint: str | None = None  # a guess, shown but not chosen

    @property
    def is_matched(self) -> bool:
        return self.chosen is not None


@dataclass
class ValueGroup:
    """The distinct answers of the columns matched to one target."""

    target: str
    title: str
    columns: list[str]
    values: ValueList
    answers: list[FileValue]
    more: int = 0  # distinct answers beyond VALUES_SHOWN

    @property
    def unmatched(self) -> int:
        return sum(1 for answer in self.answers if not answer.is_matched)


def remembered_values(
    *, area_id: int, survey_id: int, kinds: Iterable[str]
) -> dict[str, dict[str, str]]:
    """What officers chose before, by kind: this survey's choices over those
    of the area's other surveys (the latest first)."""
    from ..models import ValueMapping

    kinds = list(kinds)
    remembered: dict[str, dict[str, str]] = {}
    rows = (
        ValueMapping.objects.for_area(area_id)
        .filter(kind__in=kinds)
        .order_by("updated_at", "pk")
        .values_list("kind", "value_key", "code", "survey_id")
    )
    own: list[tuple[str, str, str]] = []
    for kind, key, code, row_survey in rows:
        if row_survey == survey_id:
            own.append((kind, key, code))
        else:
            remembered.setdefault(kind, {})[key] = code
    for kind, key, code in own:
        remembered.setdefault(kind, {})[key] = code
    return remembered


def value_groups(
    table: Table,
    mapping: Sequence[str],
    lists: Mapping[str, ValueList],
    chosen: Mapping[str, Mapping[str, str]],
    remembered: Mapping[str, Mapping[str, str]],
) -> list[ValueGroup]:
    """The distinct answers of every choice column with their counts and what
    each is matched to: the file's own choice, the remembered one, a sure
    wording; else nothing, with a guess as a hint. Unmatched answers first."""
    columns: dict[str, list[int]] = {}
    for position, target in enumerate(mapping):
        if target in lists:
            columns.setdefault(target, []).append(position)
    groups: list[ValueGroup] = []
    for target, positions in columns.items():
        values = lists[target]
        texts: dict[str, str] = {}
        if len(positions) == 1:
            counts = _single_column_counts(table, positions[0], values, texts)
        else:
            counts = _columns_counts(table, positions, values, texts)
        own = chosen.get(target, {})
        earlier = remembered.get(values.kind, {})
        answers = []
        for key, count in counts.most_common():
            answer = FileValue(texts[key], key, count)
            for source in (own, earlier):
                code = source.get(key)
                if code is not None and (code in values.codes or code == NOT_GIVEN):
                    answer.chosen = code
                    break
            else:
                answer.chosen = values.match(key)
                if answer.chosen is None:
                    answer.hint = values.guess(key)
            answers.append(answer)
        answers.sort(key=lambda answer: (answer.is_matched, -answer.count, answer.key))
        title = (
            table.headers[positions[0]]
            if target.startswith("q:")
            else target_label(target)
        )
        groups.append(
            ValueGroup(
                target=target,
                title=title,
                columns=[table.headers[position] for position in positions],
                values=values,
                answers=answers[:VALUES_SHOWN],
                more=max(0, len(answers) - VALUES_SHOWN),
            )
        )
    groups.sort(key=lambda group: group.unmatched == 0)
    return groups


def clean_values(
    values: Mapping[str, Mapping[str, str]], lists: Mapping[str, ValueList]
) -> dict[str, dict[str, str]]:
    """Normalised answers and their codes; raises ValueError with the reason
    for a column or code that is not one of the file's lists."""
    cleaned: dict[str, dict[str, str]] = {}
    for target, answers in values.items():
        found = lists.get(target)
        if found is None:
            raise ValueError(
                _("No column of this file is matched to “%(target)s”.")
                % {"target": target}
            )
        for value, code in answers.items():
            key = normalise_label(value)[:500]
            if not key:
                continue
            if code != NOT_GIVEN and code not in found.codes:
                raise ValueError(
                    _("“%(code)s” is not one of the answers: %(allowed)s.")
                    % {"code": code, "allowed": found.allowed()}
                )
            cleaned.setdefault(target, {})[key] = code
    return cleaned
