"""`crm-mock check`: every spec and fixture the server would load, each problem
reported as file:line:column and what is wrong.

Four passes: YAML that does not parse (the parser's own position), specs that
are not valid OpenAPI (the validator's path into the document, turned back into
a line of the file), fixture records their objects' field definitions refuse
(the vendor's own record check, `Vendor.validate_record`, on each record its
`Vendor.fixture_objects` finds: the line of the value or record), and fixtures a
vendor cannot seed a tenant from (the vendor's fixture folder and the error).
`crm-mock serve --fixtures DIR` runs the fixture passes on DIR before it starts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .config import Settings
from .core.fixtures import fixture_problems, load_fixtures
from .core.vendor import Vendor

__all__ = ["Problem", "find_problems", "served_fixture_problems"]


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None  # 1-based
    column: int | None
    message: str

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        return f"{where}: {self.message}"


# PyYAML's pure-Python parser here, not read_yaml's libyaml: slower, but its messages
# say what it found ("expected ',' or ']', but got ':'"), and this is no hot path.


def _yaml_problem(path: Path, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    message = f"YAML: {problem}" + (f" ({context})" if context else "")
    if mark is None:
        return Problem(path, None, None, message)
    return Problem(path, mark.line + 1, mark.column + 1, message)


def _node_at(root: yaml.Node, keys: Sequence[Any]) -> yaml.Node:
    """The deepest node of a composed YAML document that `keys` reaches."""
    node = root
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            found = next((value for name, value in node.value if str(name.value) == str(key)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            found = node.value[key]
        else:
            found = None
        if found is None:
            break
        node = found
    return node


def _spec_problems(path: Path) -> Iterator[Problem]:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    text = path.read_text(encoding="utf-8")
    try:
        document = yaml.safe_load(text)
        composed = yaml.compose(text)
    except yaml.YAMLError as exc:
        yield _yaml_problem(path, exc)
        return
    if not isinstance(document, dict) or composed is None:
        yield Problem(path, 1, 1, "not an OpenAPI document (expected a mapping at the top)")
        return
    for error in OpenAPIV30SpecValidator(document).iter_errors():
        keys = list(getattr(error, "absolute_path", []) or [])
        mark = _node_at(composed, keys).start_mark
        where = "/".join(str(key) for key in keys) or "(top)"
        yield Problem(path, mark.line + 1, mark.column + 1, f"OpenAPI, at {where}: {error.message}")


def _fixture_problems(folder: Path) -> Iterator[Problem]:
    for path in sorted(folder.rglob("*.yaml")) if folder.is_dir() else ():
        try:
            yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            yield _yaml_problem(path, exc)
        except (OSError, UnicodeDecodeError) as exc:
            yield Problem(path, None, None, f"cannot read: {exc}")


def _line_of(
    path: Path, pointer: Sequence[Any], documents: dict[Path, yaml.Node | None]
) -> tuple[int | None, int | None]:
    """The line and column of the node `pointer` reaches in the file (composed once)."""
    if path not in documents:
        try:
            documents[path] = yaml.compose(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            documents[path] = None
    root = documents[path]
    if root is None:
        return None, None
    mark = _node_at(root, pointer).start_mark
    return mark.line + 1, mark.column + 1


def _record_problems(vendor: Vendor, folder: Path) -> Iterator[Problem]:
    """Fixture records checked against their objects' fields, as the vendor checks a create."""
    if vendor.fixture_objects is None or vendor.validate_record is None or not folder.is_dir():
        return
    documents: dict[Path, yaml.Node | None] = {}
    for problem in fixture_problems(vendor.fixture_objects(load_fixtures(folder)), vendor.validate_record):
        path = folder / problem.file
        yield Problem(path, *_line_of(path, problem.pointer, documents), problem.message)


def _folder_problems(vendor: Vendor, folder: Path) -> list[Problem]:
    """A vendor's fixture folder: YAML first; records only once every file parses."""
    problems = list(_fixture_problems(folder))
    return problems or list(_record_problems(vendor, folder))


def _seeding_problems(settings: Settings, names: Sequence[str]) -> list[Problem]:
    from .runtime import Runtime, bundled_fixtures_dir

    problems: list[Problem] = []
    for name in names:  # one vendor at a time, so that a failure names its vendor
        try:
            Runtime(settings.with_(vendor=(name,), specs_checked=True))
        except Exception as exc:  # a vendor's seeding can fail in many ways: say which and how
            folder = (settings.fixtures or bundled_fixtures_dir()) / name
            problems.append(Problem(folder, None, None, f"{name} cannot seed a tenant from these fixtures: {exc!r}"))
    return problems


def served_fixture_problems(settings: Settings) -> list[Problem]:
    """What `serve --fixtures DIR` refuses to start with: the fixture passes, on the vendors
    whose folder DIR holds (the bundled fixtures are checked by the test suite)."""
    from .vendors import VENDOR_NAMES, load_vendor

    if settings.fixtures is None:
        return []
    names = [name for name in settings.vendor or VENDOR_NAMES if (settings.fixtures / name).is_dir()]
    problems = [problem for name in names for problem in _folder_problems(load_vendor(name), settings.fixtures / name)]
    return problems or _seeding_problems(settings, names)


def find_problems(settings: Settings) -> list[Problem]:
    from .runtime import bundled_fixtures_dir, bundled_specs_dir
    from .vendors import VENDOR_NAMES, load_vendor

    problems: list[Problem] = []
    names = settings.vendor or VENDOR_NAMES
    for name in names:
        vendor = load_vendor(name)
        problems.extend(_spec_problems(bundled_specs_dir() / vendor.spec_file))
        root = settings.fixtures if settings.fixtures and (settings.fixtures / name).is_dir() else None
        problems.extend(_folder_problems(vendor, (root or bundled_fixtures_dir()) / name))
    problems.extend(_spec_problems(bundled_specs_dir() / "control.yaml"))
    if problems:
        return problems  # a build would only stop at the first of them
    return _seeding_problems(settings, names)
