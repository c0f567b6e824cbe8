"""The progress bar: drawn on a terminal, silent in pipes, CI and pre-commit hooks."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from coprolint.progress import Progress

CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_shows_done_total_rate_and_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm")
    now = [100.0]
    stream = FakeTerminal()
    bar = Progress(10, stream, clock=lambda: now[0])
    assert bar.enabled
    bar.advance(cached=True)  # instant: not counted in the rate
    for _ in range(4):
        now[0] += 0.5
        bar.advance()
    line = stream.getvalue().split("\r\x1b[2K")[-1]
    assert "5/10 files" in line and "2.0 files/s" in line and "about 2 s left" in line
    assert line.startswith("[" + "#" * 12 + "-" * 12 + "]")
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[2K")


def test_silent_when_not_a_terminal(tmp_path: Path) -> None:
    quiet = Progress(3, io.StringIO())
    quiet.advance()
    quiet.close()
    assert not quiet.enabled and quiet.stream.getvalue() == ""  # type: ignore[attr-defined]
    result = run_cli("check", CLEAN_DOCX)
    assert "\r" not in result.stderr and "files/s" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a pseudo-terminal")
def test_drawn_on_a_real_terminal(tmp_path: Path) -> None:
    import pty

    for i in range(3):
        shutil.copy(CLEAN_DOCX, tmp_path / f"{i}.docx")
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COPROLINT_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen([sys.executable, "-m", "coprolint", "check", "--select", "CPL00", str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=follower, env=env)
    os.close(follower)
    out, _ = process.communicate(timeout=120)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert b"3/3 files" in seen and b"\r" in seen
    assert b"files" not in out.replace(b"3 files checked", b"")  # the report itself stays clean
