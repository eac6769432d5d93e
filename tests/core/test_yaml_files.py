"""YAML files and their cached parse: the same data, never stale, never required."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mock_server.core import yaml_files
from mock_server.core.yaml_files import CACHE_DIR_ENV, read_yaml, read_yaml_file

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted([*ROOT.glob("specs/*.yaml"), *ROOT.glob("fixtures/**/*.yaml")])


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(folder))
    return folder


def test_every_bundled_file_reads_back_the_same_from_the_cache(cache: Path) -> None:
    assert BUNDLED
    for path in BUNDLED:
        parsed = read_yaml(path.read_text(encoding="utf-8"))
        assert read_yaml_file(path) == parsed, path  # first read: parsed and stored
        assert read_yaml_file(path) == parsed, path  # second read: from the cache
    assert len(list(cache.glob("*.marshal"))) == len({path.read_bytes() for path in BUNDLED})


def test_an_edited_file_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "objects.yaml"
    path.write_text("name: first\n")
    assert read_yaml_file(path) == {"name": "first"}
    path.write_text("name: second\n")
    assert read_yaml_file(path) == {"name": "second"}


def test_a_damaged_cache_entry_is_parsed_over(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "objects.yaml"
    path.write_text("count: 3\n")
    read_yaml_file(path)
    (entry,) = cache.glob("*.marshal")
    entry.write_bytes(b"\x00garbage")
    assert read_yaml_file(path) == {"count": 3}


def test_values_marshal_cannot_hold_are_parsed_every_time(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "dated.yaml"
    path.write_text("born_on: 2021-03-14\n")
    assert str(read_yaml_file(path)["born_on"]) == "2021-03-14"
    assert not cache.exists() or not list(cache.glob("*.marshal"))
    assert str(read_yaml_file(path)["born_on"]) == "2021-03-14"


def test_an_unwritable_cache_folder_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker / "cache"))  # a folder under a file cannot exist
    path = tmp_path / "objects.yaml"
    path.write_text("ok: true\n")
    assert read_yaml_file(path) == {"ok": True}


def test_an_empty_setting_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, "")
    assert yaml_files.cache_dir() is None
    path = tmp_path / "objects.yaml"
    path.write_text("ok: true\n")
    assert read_yaml_file(path) == {"ok": True}


def test_broken_yaml_still_raises_the_parser_error(cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("a: [1, 2\n")
    with pytest.raises(yaml.YAMLError):
        read_yaml_file(path)
