from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """The Django admin, on a site that asks for two-factor authentication."""

    default_site = "sendportal.admin_site.PortalAdminSite"
