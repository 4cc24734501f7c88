"""Where report PDFs are kept: outside MEDIA_ROOT, served only through a view."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateReportStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which no web server publishes."""

    def __init__(self) -> None:
        super().__init__(location=settings.PRIVATE_MEDIA_ROOT)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files are served by a permission check.")


def private_report_storage() -> PrivateReportStorage:
    return PrivateReportStorage()
