"""Each area's accessibility statement and privacy notice."""

from django.contrib.auth.decorators import login_not_required
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from .mixins import AreaMixin


@method_decorator(login_not_required, name="dispatch")
class AccessibilityStatementView(AreaMixin, TemplateView):
    template_name = "areas/accessibility_statement.html"


@method_decorator(login_not_required, name="dispatch")
class PrivacyNoticeView(AreaMixin, TemplateView):
    template_name = "areas/privacy_notice.html"
