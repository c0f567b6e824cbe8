"""Shared test helpers. Every test runs with the network blocked: coprolint must work offline."""

from __future__ import annotations

import io
import json
import socket
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
# Fixed "today" for notice checks, so fixtures with dated meetings stay valid over time.
TODAY = "2026-12-01"


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a network connection fails the test that made it."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise NetworkBlocked("coprolint tried to use the network")

    real_connect = socket.socket.connect

    def guarded_connect(self: socket.socket, address: Any) -> Any:
        if self.family == getattr(socket, "AF_UNIX", None):
            return real_connect(self, address)
        refuse()

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or fill the user's own result cache."""
    monkeypatch.setenv("COPROLINT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "coprolint-cache"))


@dataclass
class CliRun:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)


def run_cli(*args: str | Path) -> CliRun:
    """Run the command line in this process, as a user would type it."""
    from coprolint.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return CliRun(code, out.getvalue(), err.getvalue())


def lint(path: Path, **settings: Any):  # type: ignore[no-untyped-def]
    """Lint one file in-process with [tool.coprolint]-style settings; returns the FileResult."""
    from coprolint.config import Config, from_mapping
    from coprolint.engine import lint_file

    config = from_mapping(settings, "test") if settings else Config()
    return lint_file(path, config)


def codes(result: Any) -> list[str]:
    return [f.code for f in result.findings]


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
