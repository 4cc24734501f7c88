"""Show the tasks waiting for the broker, send them, or send one again."""

from typing import Any

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.core.management.base import CommandParser
from django.utils import timezone

from sendportal.outbox import services
from sendportal.outbox.models import OutboxTask


class Command(BaseCommand):
    help = (
        "Send the background tasks waiting in the outbox to the broker. "
        "--list shows them instead; --replay ID sends one task again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="list waiting tasks, send nothing"
        )
        parser.add_argument(
            "--replay",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="send this outbox row again, even if it was sent (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            self._list()
            return
        for pk in options["replay"]:
            try:
                task = OutboxTask.objects.get(pk=pk)
            except OutboxTask.DoesNotExist as missing:
                raise CommandError(f"No outbox task {pk}.") from missing
            self._report(services.outbox_replay(task=task))
        if options["replay"]:
            return
        total = 0
        while True:
            result = services.relay()
            total += result.sent
            if result.error or not result.sent:
                break
        self._report(services.RelayResult(sent=total, error=result.error))

    def _list(self) -> None:
        now = timezone.now()
        pending = OutboxTask.objects.pending()
        for task in pending:
            age = int((now - task.created_at).total_seconds())
            self.stdout.write(
                f"{task.pk}\t{task.task_name}\t{task.args}\t{age} s old\t"
                f"{task.attempts} attempts\t{task.last_error}"
            )
        self.stdout.write(f"{pending.count()} waiting for the broker.")

    def _report(self, result: services.RelayResult) -> None:
        self.stdout.write(f"{result.sent} sent to the broker.")
        if result.error:
            raise CommandError(f"The broker did not answer: {result.error}")
