from django.contrib import admin
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sendportal.audit.admin import ReadOnlyAdminMixin

from . import services
from .models import OutboxTask


class PendingFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[OutboxTask]
    ) -> list[tuple[str, str]]:
        return [("pending", str(_("Waiting for the broker"))), ("sent", str(_("Sent")))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[OutboxTask]
    ) -> QuerySet[OutboxTask]:
        if self.value() == "pending":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[OutboxTask]):
    list_display = [
        "task_name",
        "args",
        "created_at",
        "sent_at",
        "attempts",
        "last_error",
    ]
    list_filter = [PendingFilter, "task_name"]
    search_fields = ["task_name", "task_id"]
    readonly_fields = [field.name for field in OutboxTask._meta.fields]
    actions = ["send_again"]

    @admin.action(description=_("Send the selected tasks to the broker again"))
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutboxTask]) -> None:
        sent = 0
        for task in queryset:
            result = services.outbox_replay(task=task)
            if result.error:
                self.message_user(
                    request,
                    _("The broker did not answer: %(error)s") % {"error": result.error},
                    messages.ERROR,
                )
                return
            sent += result.sent
        self.message_user(
            request,
            ngettext("%(count)s task sent.", "%(count)s tasks sent.", sent)
            % {"count": sent},
            messages.SUCCESS,
        )
