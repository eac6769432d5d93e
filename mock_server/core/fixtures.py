"""Reading a vendor's fixture folder: every *.yaml file, by file stem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .yaml_files import read_yaml_file

__all__ = ["FixtureError", "load_fixtures"]


class FixtureError(ValueError):
    """A fixture file that cannot be read or parsed."""


def load_fixtures(folder: Path) -> dict[str, Any]:
    """{"objects": <objects.yaml parsed>, ...}; a sub-folder is a nested dict of the same
    kind ({"entities": {"Account": ...}}); an absent folder is empty."""
    if not folder.is_dir():
        return {}
    loaded: dict[str, Any] = {}
    for path in sorted(folder.iterdir()):
        if path.is_dir() and not path.name.startswith((".", "_")):
            loaded[path.name] = load_fixtures(path)
        elif path.suffix == ".yaml":
            try:
                loaded[path.stem] = read_yaml_file(path)
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
                raise FixtureError(f"{path}: {exc}") from exc
    return loaded
