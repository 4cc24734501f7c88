"""The keying template: an XLSX for typing in paper responses to one survey."""

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from sendportal.areas.models import District
from strategies.codes import AgeBand
from strategies.codes import NeedType
from strategies.codes import RespondentType
from strategies.codes import SettingType
from strategies.codes import SupportedBy
from strategies.codes import SupportLevel

from ..models import QuestionType
from ..models import Survey
from .columns import AGE_BANDS
from .columns import DISTRICT
from .columns import MULTIPLE_TARGETS
from .columns import NEED_CODES
from .columns import SETTING_TYPE
from .columns import SUPPORT_LEVEL
from .columns import question_code
from .services import area_districts
from .services import survey_questions


def _profile_headings() -> list[tuple[str, str]]:
    """(target, heading) of the optional profile columns, in the order a paper
    form asks them; each heading is one the upload matches to its target."""
    return [
        (DISTRICT, _("District")),
        (AGE_BANDS, _("Age of child")),
        (NEED_CODES, _("Areas of need")),
        (SETTING_TYPE, _("School or setting")),
        (SUPPORT_LEVEL, _("Level of support")),
    ]


def _profile_columns(districts: Sequence[District]) -> list[tuple[str, str]]:
    """The profile columns of a template: no district column for an area
    without districts (nothing could be typed in it)."""
    return [
        (target, heading)
        for target, heading in _profile_headings()
        if target != DISTRICT or districts
    ]


def keying_headers(survey: Survey) -> list[str]:
    """Column headings: when received, who answered, the respondent's profile
    (optional), "Q1. Question text" for each question, then who helped (last,
    as on the online survey)."""
    districts = area_districts(survey.consultation.area_id)
    return _headers(survey, _profile_columns(districts))


def _headers(survey: Survey, profile: Sequence[tuple[str, str]]) -> list[str]:
    headers = [_("Date received"), _("Responding as")]
    headers.extend(heading for _target, heading in profile)
    for position, question in enumerate(survey_questions(survey), start=1):
        headers.append(f"{question_code(position)}. {question.text}"[:500])
    headers.append(_("Who helped"))
    return headers


def _labels(choices: Sequence[tuple[object, object]]) -> str:
    return "; ".join(str(label) for _code, label in choices)


def _profile_rule(target: str, districts: Sequence[District]) -> str:
    if target == DISTRICT:
        labels = "; ".join(district.name for district in districts)
    else:
        labels = _labels(
            {
                AGE_BANDS: AgeBand.choices,
                NEED_CODES: NeedType.choices,
                SETTING_TYPE: SettingType.choices,
                SUPPORT_LEVEL: SupportLevel.choices,
            }[target]
        )
    if target in MULTIPLE_TARGETS:
        rule = _("One or more of, separated by semicolons: %(labels)s") % {
            "labels": labels
        }
    else:
        rule = _("One of: %(labels)s") % {"labels": labels}
    return _("%(rule)s. Leave it empty if the form does not say.") % {"rule": rule}


def keying_template(survey: Survey) -> bytes:
    """An XLSX with one column per question and a sheet of allowed answers."""
    districts = area_districts(survey.consultation.area_id)
    profile = _profile_columns(districts)
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(_("Responses"))
    headers = _headers(survey, profile)
    sheet.append(headers)
    for column, header in enumerate(headers, start=1):
        sheet.cell(row=1, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = min(
            60, max(14, len(header) // 2)
        )
    sheet.freeze_panes = "A2"
    allowed = workbook.create_sheet(_("Allowed answers"))
    allowed.append([_("Column"), _("Allowed answers")])
    allowed.append([headers[0], _("A date, for example 31/01/2026")])
    allowed.append([headers[1], _labels(RespondentType.choices)])
    for target, heading in profile:
        allowed.append([heading, _profile_rule(target, districts)])
    questions = survey_questions(survey)
    first = 2 + len(profile)
    for header, question in zip(headers[first:-1], questions, strict=True):
        kind = question.question_type
        if kind == QuestionType.FREE_TEXT:
            rule = _("Any text")
        elif kind == QuestionType.NUMBER:
            rule = _("A number")
        else:
            rule = "; ".join(label for _code, label in question.choices())
            if kind == QuestionType.MULTI_CHOICE:
                rule = _("One or more of, separated by semicolons: %(labels)s") % {
                    "labels": rule
                }
        allowed.append([header, rule])
    allowed.append(
        [
            headers[-1],
            _(
                "One of: %(labels)s. Leave it empty if the form does not say "
                "(the upload’s “Who gave these answers?” then applies)"
            )
            % {"labels": _labels(SupportedBy.choices)},
        ]
    )
    for cell in allowed[1]:
        cell.font = Font(bold=True)
    allowed.column_dimensions["A"].width = 50
    allowed.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
