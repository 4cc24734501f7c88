"""The PDF renderer: tagged output, only the portal's static files, bounded renders."""

import io
import mmap

import pytest
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from sendportal.pdf import PdfRenderError
from sendportal.pdf import StaticOnlyFetcher
from sendportal.pdf import data_picture_url
from sendportal.pdf import render_pdf
from sendportal.pdf import render_pdf_in_process
from sendportal.pdf import static_path

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">
<title>Quarterly progress report</title>
<link rel="stylesheet" href="/static/dist/report.css"></head>
<body><h1>Progress report</h1><p>{body}</p></body></html>"""


def image_count(pdf: bytes) -> int:
    """How many images (XObjects) the first page of a PDF draws."""
    resources = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]
    assert isinstance(resources, DictionaryObject)
    xobjects = resources.get("/XObject")
    return len(xobjects.get_object()) if xobjects is not None else 0


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_report_renders_as_tagged_pdf_with_title_and_language() -> None:
    pdf = render_pdf(PAGE.format(body="20-week timeliness 74%"))
    reader = PdfReader(io.BytesIO(pdf))
    assert "20-week timeliness 74%" in text_of(pdf)
    assert reader.metadata is not None
    assert reader.metadata.title == "Quarterly progress report"
    catalog = reader.root_object
    assert catalog["/Lang"] == "en-GB"
    assert "/StructTreeRoot" in catalog
    mark_info = catalog["/MarkInfo"].get_object()
    assert isinstance(mark_info, DictionaryObject)
    assert mark_info["/Marked"]


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="file:///etc/passwd">',
        '<img src="/etc/passwd">',
        '<img src="http://169.254.169.254/latest/meta-data/">',
        '<link rel="stylesheet" href="https://example.org/x.css">',
        '<div style="background: url(file:///dev/urandom)">x</div>',
        '<img src="/static/../../../../etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
    ],
)
def test_the_fetcher_refuses_local_files_and_other_hosts(hostile: str) -> None:
    fetcher = StaticOnlyFetcher()
    pdf = render_pdf_in_process(PAGE.format(body=hostile), fetcher)
    assert fetcher.refused, "the hostile address was not even asked for"
    assert "root:x:0:0" not in text_of(pdf)
    # Only the report's own stylesheet was served.
    assert all("static/dist/report.css" not in url for url in fetcher.refused)


def test_static_files_are_served_but_nothing_outside_them() -> None:
    assert static_path("dist/report.css") is not None
    assert static_path("../../etc/passwd") is None
    assert static_path("/etc/passwd") is None
    assert static_path("pdf/missing.css") is None


def test_a_render_that_takes_too_long_is_stopped_and_reported() -> None:
    rows = "".join(f"<tr><td>{n}</td><td>row</td></tr>" for n in range(20_000))
    with pytest.raises(PdfRenderError, match="took longer than 1 seconds"):
        render_pdf(PAGE.format(body=f"<table>{rows}</table>"), timeout=1)


def test_a_render_that_needs_too_much_memory_is_stopped_and_reported() -> None:
    # A picture that decodes to 192 MB: more than any free memory the forked
    # process inherits, so the limit is met whatever the parent holds.
    buffer = io.BytesIO()
    Image.new("RGB", (8000, 8000), "white").save(buffer, format="PNG")
    body = f'<img src="{data_picture_url(buffer.getvalue(), "png")}" alt="White">'
    with pytest.raises(PdfRenderError, match="more memory than allowed"):
        render_pdf(PAGE.format(body=body), memory_bytes=1 << 20)


def test_the_memory_limit_counts_from_what_the_process_already_holds() -> None:
    # A worker that has grown (a dictionary loaded, a large page served) still
    # renders: 1.5 GiB of reserved address space, more than the limit itself.
    reserved = mmap.mmap(-1, 3 << 29)
    try:
        pdf = render_pdf(PAGE.format(body="<p>Still renders</p>"))
    finally:
        reserved.close()
    assert "Still renders" in text_of(pdf)


def test_hostile_text_appears_as_text() -> None:
    hostile = "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} =SUM(A1)"
    assert "<script>alert(1)</script> {{ 7*7 }} =SUM(A1)" in text_of(
        render_pdf(PAGE.format(body=hostile))
    )


@pytest.mark.parametrize(
    "address",
    [
        "data:image/svg+xml;base64,PHN2Zy8+",
        "data:text/html;base64,PGgxPng8L2gxPg==",
        "data:image/png,not-base64",
        "data:image/png;base64,***",
    ],
)
def test_only_inline_pictures_are_accepted_as_data_addresses(address: str) -> None:
    fetcher = StaticOnlyFetcher()
    render_pdf_in_process(PAGE.format(body=f'<img src="{address}" alt="">'), fetcher)
    assert fetcher.refused


def test_an_inline_png_is_embedded() -> None:
    png = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(png, format="PNG")
    fetcher = StaticOnlyFetcher()
    address = data_picture_url(png.getvalue(), "png")
    pdf = render_pdf_in_process(
        PAGE.format(body=f'<img src="{address}" alt="">'), fetcher
    )
    assert fetcher.refused == []
    assert image_count(pdf) == 1
