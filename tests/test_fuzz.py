"""Fuzzing: real DOCX and PDF files, damaged in the ways files really get damaged, never cause a traceback.

Hypothesis truncates files, flips bytes, splices in junk, removes or swaps ZIP entries,
breaks XML inside a DOCX and corrupts PDF cross-references and stream lengths. Every
result must be a linted file or an unreadable one with a reason: an internal error
(CPL000, a caught traceback) fails the test. The run is bounded by time (about 60 s;
COPROLINT_FUZZ_SECONDS changes it) and is repeatable (COPROLINT_FUZZ_RANDOM=1 explores new
inputs instead); it prints how many inputs it tried.
"""

from __future__ import annotations

import io
import os
import signal
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, seed, settings
from hypothesis import strategies as st

from conftest import FIXTURES
from coprolint.config import Config
from coprolint.engine import lint_file

BUDGET = float(os.environ.get("COPROLINT_FUZZ_SECONDS", "60"))
PER_FILE_LIMIT = 30  # seconds: a mutated file that takes longer than this is a hang
SOURCES = [
    FIXTURES / "clean" / "agenda-in-person.docx",
    FIXTURES / "clean" / "agenda-in-person.pdf",
    FIXTURES / "images" / "missing-alt-text.docx",
    FIXTURES / "images" / "low-contrast.pdf",
    FIXTURES / "typography" / "font-theme.docx",
]
ZIP_KINDS = ("zip-remove", "zip-swap", "xml-break", "xml-cut")
BYTE_KINDS = ("truncate", "flip", "splice", "delete")
PDF_KINDS = ("pdf-xref", "pdf-length", "pdf-object")


def _rezip(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts = change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


@st.composite
def damaged(draw: st.DrawFn) -> tuple[str, str, bytes]:
    source = draw(st.sampled_from([p for p in SOURCES if p.exists()]))
    data = source.read_bytes()
    kinds = BYTE_KINDS + (ZIP_KINDS if source.suffix == ".docx" else PDF_KINDS)
    kind = draw(st.sampled_from(kinds))
    size = len(data)
    if kind == "truncate":
        data = data[: draw(st.integers(0, size - 1))]
    elif kind == "flip":
        buffer = bytearray(data)
        for position in draw(st.lists(st.integers(0, size - 1), min_size=1, max_size=64)):
            buffer[position] ^= draw(st.integers(1, 255))
        data = bytes(buffer)
    elif kind == "splice":
        at = draw(st.integers(0, size))
        data = data[:at] + draw(st.binary(min_size=1, max_size=512)) + data[at:]
    elif kind == "delete":
        start = draw(st.integers(0, size - 1))
        data = data[:start] + data[start + draw(st.integers(1, 4096)):]
    elif kind in ZIP_KINDS:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        xml_names = [n for n in names if n.endswith((".xml", ".rels"))]
        if kind == "zip-remove":
            gone = draw(st.sampled_from(names))
            data = _rezip(data, lambda parts: {k: v for k, v in parts.items() if k != gone})
        elif kind == "zip-swap":
            a, b = draw(st.sampled_from(names)), draw(st.sampled_from(names))
            data = _rezip(data, lambda parts: {**parts, a: parts[b], b: parts[a]})
        else:
            target = draw(st.sampled_from(xml_names))
            junk = draw(st.sampled_from([b"<", b"&", b"</w:p>", b"<w:r>", b"\x00", b"]]>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>"]))
            fraction = draw(st.floats(0, 1))

            def breaks(parts: dict[str, bytes]) -> dict[str, bytes]:
                text = parts[target]
                at = int(len(text) * fraction)
                parts[target] = text[:at] if kind == "xml-cut" else text[:at] + junk + text[at:]
                return parts

            data = _rezip(data, breaks)
        kind = f"{kind}"
    else:
        word = {"pdf-xref": b"xref", "pdf-length": b"/Length", "pdf-object": b" obj"}[kind]
        spots = [i for i in range(size) if data.startswith(word, i)]
        if spots:
            at = draw(st.sampled_from(spots))
            replacement = draw(st.sampled_from([b"", b"xxxx", b"/Length 999999", b"/Length -1", b"999 0 obj", b"R R R"]))
            data = data[:at] + replacement + data[at + len(word):]
    return f"{source.name}:{kind}", source.suffix, data


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang()


def test_damaged_documents_give_findings_never_tracebacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    tried: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()

    def one(case: tuple[str, str, bytes]) -> None:
        label, suffix, data = case
        note(label)
        path = tmp_path / f"fuzzed{suffix}"
        path.write_bytes(data)
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(PER_FILE_LIMIT)
        try:
            result = lint_file(path, Config())
        except Hang:
            pytest.fail(f"{label}: still running after {PER_FILE_LIMIT} s")
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        tried[label.split(":")[1]] += 1
        outcomes[result.status] += 1
        internal = [f.message for f in result.findings if f.code == "CPL000"]
        assert result.status in ("linted", "unreadable"), f"{label}: {internal}"
        if result.status == "unreadable":
            assert result.reason and any(f.code == "CPL001" for f in result.findings)

    # Batches of examples, each from its own seed, until the time is up: repeatable run to run
    # unless COPROLINT_FUZZ_RANDOM asks for fresh seeds.
    first = int.from_bytes(os.urandom(4), "big") if os.environ.get("COPROLINT_FUZZ_RANDOM") else 0
    batch = 0
    while time.monotonic() - started < BUDGET:
        run = seed(first + batch)(settings(max_examples=20, deadline=None, database=None, phases=[Phase.generate],
                                           suppress_health_check=list(HealthCheck))(given(damaged())(one)))
        run()
        batch += 1
    total = sum(tried.values())
    with capsys.disabled():
        print(f"\nfuzz: {total} damaged documents in {time.monotonic() - started:.0f} s; "
              f"by damage {dict(sorted(tried.items()))}; outcomes {dict(outcomes)}")
    assert total >= 50
