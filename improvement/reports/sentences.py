"""Plain-English sentences drawn from a report's figures, so words and figures agree.

Every sentence is built from the snapshot, so a report never says "review the red
actions" when it counts none, or "below target" beside a figure that meets it.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .rendering import money


def _count(snapshot: dict[str, Any], code: str) -> int:
    return next(
        (rag["count"] for rag in snapshot["rag_totals"] if rag["code"] == code), 0
    )


def actions_sentence(snapshot: dict[str, Any]) -> str:
    total = snapshot["action_count"]
    if not total:
        return _("The plan has no actions yet.")
    red, amber = _count(snapshot, "red"), _count(snapshot, "amber")
    overdue = snapshot["overdue_count"]
    parts = [
        ngettext("%(n)s action is red", "%(n)s actions are red", red) % {"n": red}
        if red
        else _("no action is red"),
        ngettext("%(n)s is amber", "%(n)s are amber", amber) % {"n": amber}
        if amber
        else _("none is amber"),
        ngettext("%(n)s is overdue", "%(n)s are overdue", overdue) % {"n": overdue}
        if overdue
        else _("none is overdue"),
    ]
    return ngettext(
        "Of %(total)s action, %(parts)s.", "Of %(total)s actions, %(parts)s.", total
    ) % {"total": total, "parts": ", ".join(parts[:-1]) + _(" and ") + parts[-1]}


def _at(trend: dict[str, Any], key: str, index: int) -> Decimal | None:
    value = trend[key][index]
    return None if value is None else Decimal(value)


def kpi_sentence(kpi: dict[str, Any]) -> str | None:
    """How the KPI's latest figure stands against its target and England."""
    if kpi["value"] is None or kpi["period"] not in kpi["trend"]["labels"]:
        return None
    index = kpi["trend"]["labels"].index(kpi["period"])
    value = Decimal(kpi["value"])
    better = 1 if kpi["direction"] == "higher" else -1
    clauses = []
    target = _at(kpi["trend"], "target", index)
    if target is not None:
        meets = (value - target) * better >= 0
        clauses.append(
            (
                _("meeting its target of %(target)s")
                if meets
                else _("short of its target of %(target)s")
            )
            % {"target": kpi["target_display"]}
        )
    england = _at(kpi["trend"], "england", index)
    if england is not None and england != value:
        clauses.append(
            (
                _("better than the England average of %(england)s")
                if (value - england) * better > 0
                else _("worse than the England average of %(england)s")
            )
            % {"england": kpi["england_display"]}
        )
    sentence = _("%(name)s was %(value)s in %(period)s") % {
        "name": kpi["name"],
        "value": kpi["value_display"],
        "period": kpi["period"],
    }
    if clauses:
        sentence += ", " + _(" and ").join(clauses)
    return sentence + "."


def finance_sentence(snapshot: dict[str, Any]) -> str | None:
    totals = snapshot["finance"]["totals"]
    if not totals:
        return None
    variance = Decimal(totals["variance"])
    if variance > 0:
        return _("The forecast outturn is %(amount)s over budget.") % {
            "amount": money(totals["variance"])
        }
    if variance < 0:
        return _("The forecast outturn is %(amount)s under budget.") % {
            "amount": money(str(-variance))
        }
    return _("The forecast outturn is on budget.")


def suggested_text(snapshot: dict[str, Any]) -> tuple[str, str]:
    """An executive summary and next steps that say only what the figures show."""
    summary = [actions_sentence(snapshot)]
    headline = next(
        (
            sentence
            for kpi in snapshot["kpis"]
            if (sentence := kpi_sentence(kpi)) is not None
        ),
        None,
    )
    if headline:
        summary.append(headline)
    if finance := finance_sentence(snapshot):
        summary.append(finance)
    board = snapshot["plan"]["board"] or _("the board")
    if not board.lower().startswith("the "):
        board = _("The %(board)s") % {"board": board}
    board = board[0].upper() + board[1:]
    red, amber = _count(snapshot, "red"), _count(snapshot, "amber")
    if red:
        next_steps = ngettext(
            "%(board)s will review the red action and its mitigation.",
            "%(board)s will review the %(n)s red actions and their mitigation.",
            red,
        ) % {"board": board, "n": red}
    elif amber:
        next_steps = ngettext(
            "%(board)s will review the amber action.",
            "%(board)s will review the %(n)s amber actions.",
            amber,
        ) % {"board": board, "n": amber}
    else:
        next_steps = _(
            "No action is red or amber: %(board)s will keep tracking progress."
        ) % {"board": board}
    return " ".join(summary), next_steps
