"""The --state-file on disk: read whole, written atomically, the one before kept.

A save writes a temporary file of its own in the same folder (two saves at once,
from two request threads or two servers, never share one), flushes and fsyncs it,
keeps the file it replaces as `<name>.previous`, renames it over `<name>` and
fsyncs the folder.  So `<name>` is always a whole file, and a start that still
finds it broken (a disk that lied, a hand edit) can name the good one before it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from .core.json_input import MAX_STATE_DEPTH
from .core.request_validation import parse_json_body

__all__ = ["check_folder", "previous_of", "read_snapshot", "write_atomically"]

# One save at a time in this process: a later snapshot is never overwritten by an earlier one.
_SAVING = threading.Lock()


def previous_of(path: Path) -> Path:
    """Where the file a save replaced is kept."""
    return path.with_name(path.name + ".previous")


def check_folder(path: Path) -> str | None:
    """Why a state file cannot be written at `path` (its folder is missing or read-only),
    or None: checked at start, so that no state is lost at shutdown."""
    folder = path.parent
    if not folder.is_dir():
        return f"the folder {folder} does not exist; create it, or choose another --state-file"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} cannot be written to; choose another --state-file"
    if path.is_dir():
        return f"{path} is a folder; --state-file names a file"
    return None


def read_snapshot(path: Path) -> Any:
    """The document in the state file; ValueError (one line) when it is not a whole one."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("the file is empty (a save cut short?)")
    document, problem = parse_json_body(raw, MAX_STATE_DEPTH, finite=True)
    if problem is not None:
        raise ValueError(problem.message)
    return document


def write_atomically(path: Path, data: bytes) -> None:
    """`data` as the new content of `path`, all or nothing; the old content as previous_of(path)."""
    with _SAVING:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        try:
            with os.fdopen(descriptor, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            if path.is_file():
                _keep_previous(path)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _sync_folder(path.parent)


def _keep_previous(path: Path) -> None:
    """A second name for the current file, put in place atomically: `path` itself
    stays whole the whole time (a rename would leave a moment with no state file)."""
    link = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.previous-partial")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(link)
    try:
        os.link(path, link)
    except OSError:  # a file system without hard links: a copy does
        link.write_bytes(path.read_bytes())
    os.replace(link, previous_of(path))


def _sync_folder(folder: Path) -> None:
    """Make the renames durable; not every platform can open a folder (Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
