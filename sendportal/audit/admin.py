from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


class KeepHistoryAdminMixin:
    """Configuration rows whose audited history hangs off them (a plan's KPI
    values, an action's updates): deleting one here would erase that history
    without a record, so the admin cannot delete them."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdminMixin(KeepHistoryAdminMixin):
    """Rows that only audited services write (a consultation's status, a KPI
    value, an answer): the admin shows them but cannot add or change them,
    because a change here would skip the service's checks and its audit record.
    Works for model admins and inlines alike."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin[AuditEvent]):
    list_display = ["created_at", "actor", "area", "verb", "target_repr"]
    list_filter = ["area", "verb"]
    search_fields = ["target_repr", "actor__email"]
