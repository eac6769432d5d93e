"""What scripts/check-image.sh cannot see: it builds the Dockerfile on a base of its own,
so the default base, and the promises README makes about the image, are read here."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _instructions(name: str) -> list[str]:
    """The arguments of every `name` instruction, continuation lines joined."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [m.group(1).strip() for m in re.finditer(rf"^{name}\s+(.*)$", joined, re.MULTILINE)]


def test_the_default_base_is_an_official_slim_python_of_a_supported_version() -> None:
    (base,) = [arg for arg in _instructions("ARG") if arg.startswith("BASE_IMAGE=")]
    match = re.fullmatch(r"BASE_IMAGE=python:3\.(\d+)-slim", base)
    assert match, base
    assert int(match.group(1)) >= 11  # pyproject.toml: requires-python >= 3.11
    assert _instructions("FROM") == ["${BASE_IMAGE}"]


def test_it_serves_on_all_addresses_as_a_non_root_user() -> None:
    env = " ".join(_instructions("ENV"))
    assert "CRM_MOCK_HOST=0.0.0.0" in env
    (user,) = _instructions("USER")
    assert user not in ("root", "0")
    assert _instructions("CMD")[-1] == '["crm-mock", "serve"]'


def test_the_healthcheck_asks_the_served_port_with_what_the_image_has() -> None:
    (check,) = _instructions("HEALTHCHECK")
    assert "CRM_MOCK_PORT" in check and "/__mock__/health" in check
    assert not re.search(r"\b(curl|wget)\b", check)  # the slim image has neither


def test_ci_builds_and_serves_the_image() -> None:
    assert "scripts/check-image.sh" in (ROOT / ".ci" / "run").read_text()
