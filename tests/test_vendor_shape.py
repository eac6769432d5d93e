"""Every vendor folder has one shape (issue 19): the same files for the same jobs, and a
`routes.py` whose table names every operationId of the vendor's spec as a literal string,
so `grep -rn '"<operationId>"' mock_server/` lands on its entry and its handler is one
click away."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from mock_server.core.spec import load_spec
from mock_server.runtime import bundled_specs_dir
from mock_server.vendors import VENDOR_NAMES, load_vendor

PACKAGE = Path(__file__).resolve().parent.parent / "mock_server"
VENDORS = PACKAGE / "vendors"
REQUIRED_FILES = ("__init__.py", "routes.py", "errors.py", "model.py", "auth.py", "values.py")
# Prefixes a vendor puts before a family of operationIds; the handler's module says it already.
OPERATION_PREFIXES = ("crm-", "CustomObjectsController_")


def _vendor_folders() -> list[Path]:
    return sorted(path for path in VENDORS.iterdir() if path.is_dir() and path.name != "__pycache__")


def _routes_table(name: str) -> ast.Dict:
    """The `ROUTES = {...}` dict literal of the vendor's routes.py."""
    tree = ast.parse((VENDORS / name / "routes.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "ROUTES":
            assert isinstance(value, ast.Dict), f"{name}/routes.py: ROUTES is not a dict literal"
            return value
    raise AssertionError(f"{name}/routes.py has no `ROUTES = {{...}}`")


def _routes(name: str) -> list[tuple[str, ast.expr]]:
    """(operationId, handler expression) for each entry; fails on a key that is not a literal string
    (a `**` spread has no key, an f-string is not a constant)."""
    table = _routes_table(name)
    entries = []
    for key, value in zip(table.keys, table.values, strict=True):
        assert isinstance(key, ast.Constant) and isinstance(key.value, str), (
            f"{name}/routes.py: an entry whose operationId is not a literal string: {ast.unparse(key or value)}"
        )
        entries.append((key.value, value))
    return entries


def _operation_ids(name: str) -> list[str]:
    spec = load_spec(bundled_specs_dir() / load_vendor(name).spec_file, name, check=False)
    return [operation.operation_id for operation in spec]


def _snake_case(operation_id: str) -> str:
    """`ListRecords` -> `list_records`, `get-association-by-ID` -> `get_association_by_id`."""
    for prefix in OPERATION_PREFIXES:
        operation_id = operation_id.removeprefix(prefix)
    words = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", operation_id).lower()
    return re.sub(r"[^a-z0-9]+", "_", words).strip("_")


def test_the_vendor_folders_are_the_declared_vendors() -> None:
    assert [folder.name for folder in _vendor_folders()] == sorted(VENDOR_NAMES)


@pytest.mark.parametrize("folder", _vendor_folders(), ids=lambda folder: folder.name)
def test_every_vendor_folder_has_the_required_files(folder: Path) -> None:
    missing = [file for file in REQUIRED_FILES if not (folder / file).is_file()]
    assert not missing, f"mock_server/vendors/{folder.name} lacks {missing}"


@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_routes_name_exactly_the_spec_operations_as_literal_strings(name: str) -> None:
    listed = [operation_id for operation_id, _ in _routes(name)]
    assert len(listed) == len(set(listed)), f"{name}/routes.py lists an operationId twice"
    assert sorted(listed) == sorted(_operation_ids(name))


@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_routes_name_the_handlers_the_vendor_serves(name: str) -> None:
    """Each entry is `module.function` (one click away), and it is the function the vendor serves."""
    routes_module = importlib.import_module(f"mock_server.vendors.{name}.routes")
    served = load_vendor(name).handlers
    for operation_id, value in _routes(name):
        assert isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name), (
            f"{name}/routes.py: {operation_id!r} is bound to {ast.unparse(value)}, not to a module's function"
        )
        handler = getattr(getattr(routes_module, value.value.id), value.attr)
        assert served[operation_id] is handler


@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_handler_names_say_the_operation_they_serve(name: str) -> None:
    """A handler is its operationId in snake_case; one serving several is named after one of them."""
    entries = _routes(name)
    served_by: dict[str, list[str]] = {}
    for operation_id, value in entries:
        assert isinstance(value, ast.Attribute)
        served_by.setdefault(value.attr, []).append(_snake_case(operation_id))
    misnamed = {function: names for function, names in served_by.items() if function not in names}
    assert not misnamed, f"{name}: handlers whose names are none of their operationIds: {misnamed}"


def test_no_module_is_named_after_a_top_level_package() -> None:
    """`vendors/openint/core.py` beside `mock_server/core/` made `from .core import` ambiguous
    to a reader; no module or package below the top level takes a top-level package's name."""
    top_level = {path.name for path in PACKAGE.iterdir() if (path / "__init__.py").is_file()}
    clashes = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*")
        if path.parent != PACKAGE
        and "__pycache__" not in path.parts
        and ((path.suffix == ".py" and path.stem in top_level) or (path.is_dir() and path.name in top_level))
    ]
    assert not clashes, f"named after a top-level package of mock_server: {clashes}"
