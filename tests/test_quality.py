"""The code stays lint-clean and type-checked: part of the suite, so CI enforces it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.skipif(
    shutil.which("ruff") is None and not (Path(sys.prefix) / "bin" / "ruff").exists(), reason="ruff not installed"
)
def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.prefix) / "bin" / "ruff")
    lint = _run(ruff, "check", "mock_server", "tests", "benchmarks")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    style = _run(ruff, "format", "--check", "mock_server", "tests", "benchmarks")
    assert style.returncode == 0, style.stdout + style.stderr


def test_no_block_of_code_is_written_twice() -> None:
    """Issue 19: pylint's duplicate-code check (R0801) over mock_server/, six lines or more
    alike (imports, docstrings, comments and signatures aside), finds nothing: what two
    vendors share lives once in core/."""
    duplicates = _run(
        sys.executable,
        "-m",
        "pylint",
        "--disable=all",
        "--enable=duplicate-code",
        "--min-similarity-lines=6",
        "--score=no",
        "mock_server",
    )
    assert duplicates.returncode == 0, duplicates.stdout + duplicates.stderr


def test_mypy_is_clean() -> None:
    typed = _run(sys.executable, "-m", "mypy")
    assert typed.returncode == 0, typed.stdout + typed.stderr


def test_every_package_ships() -> None:
    """A package missing from pyproject's list works from a checkout but is absent
    from a real install, where its vendor would fail to load."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "mock_server").rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)
