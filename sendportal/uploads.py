"""Checks every uploaded file passes before the portal stores it."""

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# What a file of each allowed type starts with. Office Open XML and
# OpenDocument files are zip archives.
DOCUMENT_SIGNATURES: Mapping[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
}


def validate_upload(
    file: UploadedFile,
    *,
    signatures: Mapping[str, tuple[bytes, ...]],
    max_bytes: int,
) -> str:
    """Check size, extension and content signature; return the lower-case extension."""
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = ", ".join(ext.upper() for ext in signatures)
    if extension not in signatures:
        raise ValidationError(
            _("The selected file must be a %(allowed)s file.") % {"allowed": allowed},
            code="extension",
        )
    if file.size is None or file.size == 0:
        raise ValidationError(_("The selected file is empty."), code="empty")
    if file.size > max_bytes:
        raise ValidationError(
            _("The selected file must be smaller than %(size)s.")
            % {"size": filesizeformat(max_bytes)},
            code="too_big",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not any(head.startswith(signature) for signature in signatures[extension]):
        raise ValidationError(
            _(
                "The selected file is not a real %(ext)s file. Save it again as "
                "%(ext)s and upload it."
            )
            % {"ext": extension.upper()},
            code="signature",
        )
    return extension


def validate_document(file: UploadedFile) -> str:
    return validate_upload(
        file, signatures=DOCUMENT_SIGNATURES, max_bytes=settings.DOCUMENT_MAX_BYTES
    )
