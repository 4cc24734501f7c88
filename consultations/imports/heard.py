"""Who an import would add to "who we heard from", for its preview."""

from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _

from sendportal.areas.models import District
from strategies.codes import AgeBand
from strategies.codes import NeedType
from strategies.codes import RespondentGroup
from strategies.codes import group_of

from ..analysis import Bar
from ..analysis import Chart
from .rows import ParsedRow


class HeardFrom:
    """Counts of the rows to import by respondent group, district, age and need."""

    def __init__(self) -> None:
        self.rows = 0
        self.groups: Counter[str] = Counter()
        self.districts: Counter[int | None] = Counter()
        self.ages: Counter[str] = Counter()
        self.needs: Counter[str] = Counter()
        self.ages_given = 0
        self.needs_given = 0

    def add(self, parsed: ParsedRow) -> None:
        self.rows += 1
        self.groups[group_of(parsed.respondent_type)] += 1
        self.districts[parsed.district_id] += 1
        self.ages.update(parsed.age_bands)
        self.needs.update(parsed.need_codes)
        self.ages_given += bool(parsed.age_bands)
        self.needs_given += bool(parsed.need_codes)

    def charts(self, districts: Sequence[District]) -> list[Chart]:
        """Bar charts (each with its table) in the analysis page's shape; age
        and need are of the rows that gave one, which may count in several."""
        if not self.rows:
            return []
        not_given = _("Not given")
        charts = [
            Chart(
                _("Respondent groups"),
                [
                    Bar(str(group.label), self.groups[group], self.rows)
                    for group in RespondentGroup
                    if self.groups[group]
                ],
            )
        ]
        names = {district.pk: district.name for district in districts}
        by_district = [
            Bar(names.get(pk, not_given) if pk else not_given, n, self.rows)
            for pk, n in sorted(
                self.districts.items(), key=lambda item: (item[0] is None, -item[1])
            )
        ]
        charts.append(Chart(_("Districts"), by_district))
        for title, counts, given, codes in (
            (
                _("Age of the child or young person"),
                self.ages,
                self.ages_given,
                AgeBand,
            ),
            (_("Areas of need"), self.needs, self.needs_given, NeedType),
        ):
            if not given:
                continue
            bars = [
                Bar(str(code.label), counts[code], given)
                for code in codes
                if counts[code]
            ]
            charts.append(Chart(title, bars, multiple=True))
        return charts
