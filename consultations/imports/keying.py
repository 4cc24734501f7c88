"""The keying template: an XLSX for typing in paper responses to one survey."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from strategies.codes import RespondentType
from strategies.codes import SupportedBy

from ..models import QuestionType
from ..models import Survey
from .columns import question_code
from .services import survey_questions


def keying_headers(survey: Survey) -> list[str]:
    """Column headings: when received, who answered, "Q1. Question text" for
    each question, then who helped (last, as on the online survey)."""
    headers = [_("Date received"), _("Responding as")]
    for position, question in enumerate(survey_questions(survey), start=1):
        headers.append(f"{question_code(position)}. {question.text}"[:500])
    headers.append(_("Who helped"))
    return headers


def keying_template(survey: Survey) -> bytes:
    """An XLSX with one column per question and a sheet of allowed answers."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet(_("Responses"))
    headers = keying_headers(survey)
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
    allowed.append(
        [headers[1], "; ".join(str(label) for _code, label in RespondentType.choices)]
    )
    for header, question in zip(headers[2:-1], survey_questions(survey), strict=True):
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
            % {"labels": "; ".join(str(label) for _code, label in SupportedBy.choices)},
        ]
    )
    for cell in allowed[1]:
        cell.font = Font(bold=True)
    allowed.column_dimensions["A"].width = 50
    allowed.column_dimensions["B"].width = 80
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
