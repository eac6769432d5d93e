"""Reading YAML files, with a parsed copy kept in the user's cache folder.

Parsing the bundled specs and fixtures was most of building the app (libyaml
scans fast, but PyYAML builds every node in Python); marshal reads the same data
back about ten times faster.  A cached copy is found by a hash of the file's
bytes and of the Python and PyYAML versions, so an edited file is parsed afresh.
A cache folder that cannot be read or written is simply not used, and
CRM_MOCK_CACHE_DIR="" turns the cache off.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CACHE_DIR_ENV", "cache_dir", "read_yaml", "read_yaml_file"]

CACHE_DIR_ENV = "CRM_MOCK_CACHE_DIR"
_SALT = f"{sys.version_info[:2]}|{marshal.version}|{yaml.__version__}".encode()


def read_yaml(text: str) -> Any:
    """YAML through libyaml when it is there (about ten times faster than pure Python)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_DIR_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(base) if base else Path.home() / ".cache") / "crm-mock"
    except RuntimeError:  # no home folder to speak of
        return None


def read_yaml_file(path: Path) -> Any:
    """The parsed file; raises OSError, UnicodeDecodeError or yaml.YAMLError as parsing would."""
    raw = path.read_bytes()
    folder = cache_dir()
    cached = folder / f"{hashlib.blake2b(raw + _SALT, digest_size=16).hexdigest()}.marshal" if folder else None
    if cached is not None:
        try:
            return marshal.loads(cached.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass  # not cached yet, or unreadable: parse
    data = read_yaml(raw.decode("utf-8"))
    if cached is not None:
        _store(cached, data)
    return data


def _store(cached: Path, data: Any) -> None:
    try:
        blob = marshal.dumps(data)
    except ValueError:  # a value marshal cannot hold (a YAML date, say): parse it every time
        return
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(blob)
        os.replace(partial, cached)  # whole or absent, even with several servers starting at once
    except OSError:
        pass
