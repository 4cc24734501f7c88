"""The lock files in requirements/ agree with the pins in pyproject.toml.

bin/setup and the Dockerfile install only from the locks, so a pin changed in
pyproject.toml without regenerating them (README.md, "Dependencies") would
never be installed.
"""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+)", re.MULTILINE)


def locked(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / name).read_text()
    return {canonicalize_name(n): version for n, version in PIN.findall(text)}


def pins(requirements: list[str]) -> dict[str, str]:
    pinned: dict[str, str] = {}
    for line in requirements:
        requirement = Requirement(line)
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{line}: pyproject.toml pins exactly"
        pinned[canonicalize_name(requirement.name)] = specifier.version
    return pinned


@pytest.mark.parametrize(
    ("lock", "requirements"),
    [
        ("production.txt", PROJECT["dependencies"]),
        ("dev.txt", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]),
    ],
)
def test_every_pin_in_pyproject_is_in_the_lock(
    lock: str, requirements: list[str]
) -> None:
    have = locked(lock)
    assert {n: have.get(n) for n in pins(requirements)} == pins(requirements)


def test_every_locked_package_has_hashes() -> None:
    for lock in ("production.txt", "dev.txt"):
        lines = (ROOT / "requirements" / lock).read_text().splitlines()
        for line, following in zip(lines, [*lines[1:], ""], strict=True):
            if PIN.match(line):
                assert following.lstrip().startswith("--hash=sha256:"), line


def test_no_development_tool_is_in_the_production_lock() -> None:
    dev_only = set(pins(PROJECT["optional-dependencies"]["dev"])) - set(
        pins(PROJECT["dependencies"])
    )
    assert dev_only
    assert dev_only.isdisjoint(locked("production.txt"))
