"""Logging filters that keep the portal's logs readable."""

import logging
from http import HTTPStatus


class ForbiddenWithoutTraceback(logging.Filter):
    """Keep the one-line "Forbidden" warning of a refused page, drop its traceback.

    A 403 is the permission check working, not a fault: a full traceback for
    each one buries the real errors.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == HTTPStatus.FORBIDDEN:
            record.exc_info = None
            record.exc_text = None
        return True
