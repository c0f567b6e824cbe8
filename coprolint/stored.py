"""Tables that are slow to parse, kept ready in the cache folder's ``data/`` for the next process.

A fresh ``coprolint check`` of one document would otherwise spend most of its time parsing the
same files again: the rule data in TOML (pure-Python parsing, tens of milliseconds) and the
pronouncing dictionary (a fifth of a second). Each stored copy is named by a hash of what it was
made from and of coprolint's version, so an edited word list or a new release simply makes a
new one; a missing, damaged or unwritable copy means the source is parsed as before.

``--no-cache`` leaves these alone: it is about remembered results, and these are only faster
copies of coprolint's own data. ``coprolint clean`` removes them with the results.

This module also knows where the cache folder is and how files get into it, for the result
cache (``coprolint.cache``) too; it stays light to import, because loading the rule catalogue,
which even ``coprolint rules`` does, goes through it.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any, Callable

FORMAT = 1  # bump when the layout of any stored table changes
DATA = "data"  # the cache folder's subfolder for these tables
TAG = "CACHEDIR.TAG"


def cache_dir() -> Path:
    """COPROLINT_CACHE_DIR, else the platform's per-user cache folder."""
    override = os.environ.get("COPROLINT_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
        return base / "coprolint" / "Cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "coprolint"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "coprolint"


def mark(folder: Path) -> None:
    """Create the cache folder if need be, with the standard tag that tells backup tools to skip it."""
    tag = folder / TAG
    if not tag.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tag.write_text("Signature: 8a477f597d28d172789f06886806bc55\n# coprolint's cache; `coprolint clean` empties it.\n")


def into_place(path: Path, write: Callable[[str], object]) -> None:
    """Have ``write`` fill a temporary file beside ``path``, then rename it into place, so another
    process never sees half a file. Raises OSError when the folder cannot take it."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def path_for(name: str, source: bytes, suffix: str = ".marshal") -> Path | None:
    """Where the table called ``name`` made from ``source`` is kept; None when there is no cache folder."""
    try:
        import zlib

        from coprolint import __version__

        # Two checksums and the length name the source well enough for a cache of our own
        # tables, and need no hashlib: importing it loads OpenSSL, ~3 ms of a one-file run.
        source += f"{FORMAT}:{__version__}".encode()
        return cache_dir() / DATA / f"{name}-{len(source):x}-{zlib.crc32(source):08x}{zlib.adler32(source):08x}{suffix}"
    except Exception:  # no home folder, say: parse every time
        return None


def file_identity(*paths: Path) -> bytes:
    """Names files without reading them: each one's place, size and modification time, so a new
    release or an edit makes a new stored copy. OSError when one cannot be looked at."""
    facts = [(path, path.stat()) for path in paths]
    return "|".join(f"{path}:{stat.st_size}:{stat.st_mtime_ns}" for path, stat in facts).encode()


def load(path: Path | None) -> Any:
    """The stored table, or None when it is missing or damaged."""
    if path is None:
        return None
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def keep(path: Path | None, table: Any) -> None:
    """Store ``table`` (marshal-able plain data); silently skipped when that is not possible."""
    if path is None:
        return
    try:
        data = marshal.dumps(table)
    except ValueError:  # something marshal cannot hold, such as a TOML date: parse each time
        return
    write_atomic(path, lambda temporary: Path(temporary).write_bytes(data))


def write_atomic(path: Path, write: Callable[[str], object]) -> None:
    """``into_place`` for a stored table in the cache folder; failure (read-only or full disk,
    a table that cannot be written) is silent: the source is simply parsed next time too."""
    try:
        mark(path.parent.parent)
        into_place(path, write)
    except Exception:
        pass


def parsed_toml(path: Path) -> dict[str, Any]:
    """A TOML file's contents, from the stored copy when its bytes are unchanged."""
    import tomllib

    raw = path.read_bytes()
    where = path_for(f"toml-{path.stem}", raw)
    table = load(where)
    if isinstance(table, dict):
        return table
    table = tomllib.loads(raw.decode("utf-8"))
    keep(where, table)
    return table
