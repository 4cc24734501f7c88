"""Rendering HTML to tagged PDF with WeasyPrint, safely.

Reports contain text that staff and families typed, so the renderer reads
nothing but the portal's own static files (no `file://`, no other host), and
each render runs in a forked child process with a time and memory limit: a
pathological document fails with a clear reason instead of hanging a worker.
"""

import base64
import binascii
import errno
import mimetypes
import os
import resource
import select
import signal
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import URLFetcher
from weasyprint.urls import URLFetcherResponse

# Relative references in report templates resolve against this made-up origin;
# the fetcher serves it from static files and refuses every other address.
PORTAL_ORIGIN = "https://portal.invalid"
# Pictures a document may carry inline (uploads read from storage by the caller).
DATA_PICTURE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp"})


class PdfRenderError(RuntimeError):
    """A report that could not be rendered, with a reason fit to show staff."""


class StaticOnlyFetcher(URLFetcher):
    """Serves `/static/...` from the portal's static files and refuses the rest."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols={"https"})
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return self.fetch_data_picture(url)
        prefix = f"{PORTAL_ORIGIN}{settings.STATIC_URL}"
        path = static_path(url.removeprefix(prefix)) if url.startswith(prefix) else None
        if path is None:
            self.refused.append(url)
            raise ValueError(f"Refused to fetch {url[:200]}: not a portal static file")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def fetch_data_picture(self, url: str) -> URLFetcherResponse:
        """A picture inlined as a `data:` address (an upload the caller read from
        storage and checked): PNG, JPG or WEBP only, never SVG, which can refer
        to other files."""
        header, _comma, payload = url.partition(",")
        content_type = header.removeprefix("data:").removesuffix(";base64")
        if not header.endswith(";base64") or content_type not in DATA_PICTURE_TYPES:
            self.refused.append(url[:200])
            raise ValueError("Refused a data: address that is not a picture")
        try:
            body = base64.b64decode(payload, validate=True)
        except binascii.Error as error:
            self.refused.append(url[:200])
            raise ValueError("Refused a data: address that does not decode") from error
        return URLFetcherResponse(
            url, body=body, headers={"Content-Type": content_type}
        )


def data_picture_url(content: bytes, extension: str) -> str:
    """A `data:` address for an uploaded picture, which the fetcher accepts."""
    content_type = {"jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(
        extension, f"image/{extension}"
    )
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"


def static_path(relative: str) -> Path | None:
    """The file behind a static URL path, only if it is one of the static files."""
    relative = relative.split("?", 1)[0].split("#", 1)[0]
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if isinstance(found, str):
        return Path(found)
    root = Path(settings.STATIC_ROOT)
    candidate = (root / relative).resolve()
    if candidate.is_file() and root.resolve() in candidate.parents:
        return candidate
    return None


def render_pdf_in_process(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """Render in this process (no limits): for callers that already sandbox it."""
    document = HTML(
        string=html,
        base_url=f"{PORTAL_ORIGIN}/",
        url_fetcher=fetcher or StaticOnlyFetcher(),
    )
    pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    return pdf


def _out_of_memory(error: BaseException) -> bool:
    """Whether a render failed for want of memory under the child's cap.

    Besides MemoryError, C libraries report a failed allocation in their own
    ways: a SystemError with no exception set, ENOMEM or EAGAIN (no room for a
    thread's stack), "can't start new thread".
    """
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, MemoryError | SystemError):
            return True
        if isinstance(seen, OSError) and seen.errno in (errno.ENOMEM, errno.EAGAIN):
            return True
        if isinstance(seen, RuntimeError) and "start new thread" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def render_pdf(
    html: str,
    *,
    timeout: float | None = None,
    memory_bytes: int | None = None,
) -> bytes:
    """Render HTML to a tagged PDF in a child process bounded in time and memory."""
    timeout = timeout or float(settings.PDF_RENDER_TIMEOUT)
    memory_bytes = memory_bytes or settings.PDF_RENDER_MEMORY_BYTES
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child's coverage is not collected
        os.close(read_end)
        status = 0
        try:
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
            pdf = render_pdf_in_process(html)
            with os.fdopen(write_end, "wb") as out:
                out.write(b"P" + pdf)
        except BaseException as error:  # reported through the exit status
            status = 3 if _out_of_memory(error) else 4
        os._exit(status)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    timed_out = False
    with os.fdopen(read_end, "rb", buffering=0) as pipe:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _unused, _unused2 = select.select([pipe], [], [], remaining)
            if not ready:
                continue
            chunk = pipe.read(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    if timed_out:
        os.kill(pid, signal.SIGKILL)
    _waited, status = os.waitpid(pid, 0)
    if timed_out:
        raise PdfRenderError(
            _("The report took longer than %(seconds)s seconds to render.")
            % {"seconds": int(timeout)}
        )
    code = os.waitstatus_to_exitcode(status)
    output = b"".join(chunks)
    # Under the address-space cap an allocation can fail outside Python too:
    # GLib aborts when it cannot start a thread (its stack counts against the
    # cap). A child ended by a signal ran out of room, as far as it can tell.
    if code == 3 or code < 0:
        raise PdfRenderError(_("The report needed more memory than allowed to render."))
    if code != 0 or not output.startswith(b"P%PDF"):
        raise PdfRenderError(_("The report could not be rendered."))
    return output[1:]
