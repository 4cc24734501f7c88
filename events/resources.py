"""Export of an event's bookings for the officers running it."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from import_export.resources import ModelResource

from sendportal.exports import FormulaEscapedField

from .models import Booking


class BookingExportResource(ModelResource):
    """Bookings with access requirements; every text cell is formula-escaped."""

    name = FormulaEscapedField(attribute="name", column_name=_("Name"))
    email = FormulaEscapedField(attribute="email", column_name=_("Email"))
    respondent_type = FormulaEscapedField(
        attribute="get_respondent_type_display", column_name=_("Who they are")
    )
    places = FormulaEscapedField(attribute="places", column_name=_("Places"))
    status = FormulaEscapedField(
        attribute="get_status_display", column_name=_("Status")
    )
    access_requirements = FormulaEscapedField(
        attribute="access_requirements", column_name=_("Access requirements")
    )
    booked_at = FormulaEscapedField(attribute="created_at", column_name=_("Booked"))

    class Meta:
        model = Booking
        fields = (
            "name",
            "email",
            "respondent_type",
            "places",
            "status",
            "access_requirements",
            "booked_at",
        )
        export_order = fields

    def export_field(self, field: Any, instance: Any, **kwargs: Any) -> Any:
        return field.export(instance, **kwargs)
