"""The result cache: a file whose bytes, rules and settings have not changed is not read again.

An entry is keyed by the file's content hash, coprolint's version and code, every file in
``rules/``, the effective configuration and the date (notice checks compare meeting dates
with today). Entries are small JSON files written atomically; one that cannot be read is
treated as missing, never as an error. A second index remembers each path's size and
modification time, so an unchanged folder is not even re-hashed.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

from coprolint import __version__
from coprolint.config import Config
from coprolint.engine import FileResult, Finding
from coprolint.model import Location
from coprolint.stored import DATA, cache_dir, into_place, mark

ENTRY_FORMAT = 1
SUBFOLDERS = ("results", "stat", DATA)
# Settings that change how a file is scheduled, not what is found in it.
_SCHEDULING_KEYS = {"timeout", "memory-limit", "include", "exclude", "per-file-ignores"}


def _hash_tree(digest: Any, folder: Path, suffixes: tuple[str, ...] | None = None) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and (suffixes is None or path.suffix in suffixes):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())


def software_fingerprint() -> str:
    """coprolint's version, its code and all rule data: any change to them empties the cache."""
    from coprolint.catalog import data_dir

    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{ENTRY_FORMAT}:{__version__}:".encode())
    _hash_tree(digest, Path(__file__).resolve().parent, (".py",))  # an edited check counts too
    _hash_tree(digest, data_dir())
    return digest.hexdigest()


def config_fingerprint(config: Config) -> str:
    data = dataclasses.asdict(config)
    data.pop("source", None)
    data["extra"] = {k: v for k, v in config.extra.items() if k not in _SCHEDULING_KEYS}
    return json.dumps(data, sort_keys=True, default=str)


def content_hash(path: Path) -> str:
    digest = hashlib.blake2b(digest_size=20)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------- results as plain data


def result_to_dict(result: FileResult) -> dict[str, Any]:
    findings = []
    for finding in result.findings:
        item = {f.name: getattr(finding, f.name) for f in dataclasses.fields(Finding) if f.name not in ("file", "location")}
        item["location"] = {f.name: getattr(finding.location, f.name) for f in dataclasses.fields(Location)}
        findings.append(item)
    return {"format": result.format, "status": result.status, "reason": result.reason,
            "extra": result.extra, "findings": findings}


def result_from_dict(data: dict[str, Any], file: str) -> FileResult:
    findings = []
    for item in data["findings"]:
        place = dict(item["location"])
        if place.get("bbox") is not None:
            place["bbox"] = tuple(place["bbox"])
        fields = {k: v for k, v in item.items() if k != "location"}
        findings.append(Finding(file=file, location=Location(**place), **fields))
    return FileResult(file=file, format=data["format"], status=data["status"], reason=data["reason"],
                      findings=findings, extra=data["extra"])


# ---------------------------------------------------------------- the store


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


class ResultCache:
    """Lookups and stores for one run. Problems with the cache folder only turn the cache off."""

    def __init__(self, folder: Path | None = None, today: datetime.date | None = None):
        self.folder = folder or cache_dir()
        self.salt = software_fingerprint()
        self.today = (today or datetime.date.today()).isoformat()
        self.hits = 0
        self.enabled = True
        self._configs: dict[int, tuple[Config, str]] = {}  # by id, holding the config so the id stays its own

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def file_digest(self, path: Path) -> str:
        """The content hash, taken from the stat index when size and modification time match."""
        stat = path.stat()
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        key = hashlib.blake2b(str(path.resolve()).encode(), digest_size=16).hexdigest()
        entry = _read_json(self._path("stat", key))
        if isinstance(entry, dict) and entry.get("signature") == signature and isinstance(entry.get("digest"), str):
            return entry["digest"]
        digest = content_hash(path)
        self._store("stat", key, {"signature": signature, "digest": digest})
        return digest

    def key(self, path: Path, config: Config, mode: str = "") -> str | None:
        """The entry key for linting this file with this configuration; None if the file cannot be hashed.

        Without a fixed ``today`` in the configuration, notice findings depend on the date, so
        the date is part of the key and entries last a day."""
        try:
            digest = self.file_digest(path)
        except OSError:
            return None  # the worker will say why it cannot be read
        known = self._configs.get(id(config))
        if known is None:
            known = self._configs[id(config)] = (config, config_fingerprint(config))
        settings = known[1]
        day = "" if getattr(config, "today", None) else self.today
        # The name counts too: a Word file named .pdf earns a finding that the same bytes named .docx do not.
        text = f"{self.salt}\n{day}\n{mode}\n{path.name}\n{digest}\n{settings}"
        return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()

    def get(self, key: str, file: str) -> FileResult | None:
        data = _read_json(self._path("results", key))
        if not isinstance(data, dict):
            return None
        try:
            result = result_from_dict(data, file)
        except (KeyError, TypeError, ValueError):
            return None  # an entry from an older layout or a damaged one: lint afresh
        self.hits += 1
        return result

    def put(self, key: str, result: FileResult) -> None:
        self._store("results", key, result_to_dict(result))

    def _store(self, kind: str, key: str, data: dict[str, Any]) -> None:
        if not self.enabled:
            return
        try:
            mark(self.folder)
            text = json.dumps(data, ensure_ascii=False, default=list)
            into_place(self._path(kind, key), lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))
        except OSError:
            self.enabled = False  # a read-only or full disk: carry on without the cache


def clean(folder: Path | None = None) -> int:
    """Remove every cache entry; returns how many results there were. Only coprolint's own subfolders are touched."""
    import shutil

    folder = folder or cache_dir()
    results = folder / "results"
    removed = sum(1 for _ in results.rglob("*.json")) if results.is_dir() else 0
    for name in SUBFOLDERS:
        shutil.rmtree(folder / name, ignore_errors=True)
    return removed
