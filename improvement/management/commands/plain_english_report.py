"""Print the reading grade of every public text an area's officers wrote."""

from collections.abc import Iterable
from typing import Any

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser

from consultations.models import Consultation
from events.models import Event
from improvement.reports.models import ProgressReport
from sendportal.areas.models import LocalArea
from sendportal.plain_english import PublicText
from sendportal.plain_english import check
from sendportal.plain_english import checked
from strategies.models import Strategy


class Command(BaseCommand):
    help = (
        "Print the reading grade (Flesch-Kincaid, see docs/plain-english.md) of "
        "each public text of an area: strategies and priorities, consultations "
        "and their surveys, “You said, we did”, events and progress reports. "
        "Each thing's line “(all)” grades its texts read together."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", help="The area's slug, for example barnsley")

    def handle(self, *args: Any, **options: Any) -> None:
        area = LocalArea.objects.filter(slug=options["area"]).first()
        if area is None:
            raise CommandError(f"No area with the slug {options['area']}.")
        self.stdout.write("grade\ttarget\tlong\tjargon\ttext")
        for strategy in Strategy.objects.for_area(area).order_by("-period_start"):
            self.show(f"Strategy “{strategy}”", strategy.public_texts())
        for consultation in Consultation.objects.for_area(area).order_by("opens_at"):
            name = f"Consultation “{consultation.title}”"
            self.show(name, consultation.public_texts())
            self.show(f"{name}, you said, we did", consultation.feedback_texts())
        for event in Event.objects.for_area(area).order_by("starts_at"):
            self.show(f"Event “{event.title}”", event.public_texts())
        for report in ProgressReport.objects.for_area(area).select_related(
            "plan", "period"
        ):
            self.show(f"Report “{report}”", report.public_texts())

    def show(self, name: str, texts: Iterable[PublicText]) -> None:
        reports = checked(texts)
        if not reports:
            return
        for text in reports:
            self.line(text, f"{name}: {text.label}")
        standard = [t.text for t in reports if not t.easy_read]
        if len(standard) > 1:
            self.line(PublicText("", "\n\n".join(standard)), f"{name} (all)")

    def line(self, text: PublicText, name: str) -> None:
        report = text.report or check(text.text, easy_read=text.easy_read)
        jargon = ", ".join(term.word for term in report.jargon) or "-"
        self.stdout.write(
            f"{report.grade:.1f}\t{report.target:g}\t{len(report.long_sentences)}"
            f"\t{jargon}\t{name}"
        )
