"""Easy Read pictures: the bundled symbols and the checks on uploaded pictures."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from sendportal.pictures import SYMBOLS
from sendportal.pictures import SYMBOLS_BY_CODE
from sendportal.pictures import validate_picture
from sendportal.pictures import validate_symbol

SYMBOL_DIR = Path(settings.BASE_DIR) / "static" / "symbols"


def _png(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_every_symbol_has_its_file_and_a_unique_code() -> None:
    assert len(SYMBOLS_BY_CODE) == len(SYMBOLS)
    missing = [s.code for s in SYMBOLS if not (SYMBOL_DIR / f"{s.code}.svg").is_file()]
    assert missing == []
    bundled = {p.stem for p in SYMBOL_DIR.glob("*.svg")}
    assert bundled == set(SYMBOLS_BY_CODE)


def test_bundled_symbols_carry_no_script() -> None:
    for path in SYMBOL_DIR.glob("*.svg"):
        text = path.read_text().lower()
        assert "<script" not in text, path.name
        assert "onload" not in text, path.name


def test_the_licence_is_stated_beside_the_symbols() -> None:
    assert "CC BY-SA 4.0" in (SYMBOL_DIR / "LICENSE.md").read_text()


def test_an_unknown_symbol_is_refused() -> None:
    validate_symbol("happy")
    validate_symbol("")
    with pytest.raises(ValidationError):
        validate_symbol("<script>")


def test_a_real_png_passes() -> None:
    assert validate_picture(SimpleUploadedFile("face.png", _png())) == "png"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("face.svg", b"<svg onload=alert(1)></svg>", "extension"),
        ("face.png", b"", "empty"),
        ("face.png", b"GIF89a not a png", "signature"),
        ("face.png", b"\x89PNG\r\n\x1a\n" + b"broken" * 10, "image"),
    ],
)
def test_bad_pictures_are_refused_with_a_reason(
    name: str, content: bytes, code: str
) -> None:
    with pytest.raises(ValidationError) as error:
        validate_picture(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_a_huge_picture_is_refused_before_decoding() -> None:
    with pytest.raises(ValidationError) as error:
        validate_picture(SimpleUploadedFile("big.png", _png(5000, 4000)))
    assert error.value.code == "pixels"
