"""Batch scans: walking folders, worker isolation (time, memory, crashes), stable order, settings.

Workers are forked from the test process, so a test can swap the function a worker runs
(``batch.lint_one``) for one that hangs, crashes or eats memory on a chosen file: the real
pool, limits and replacement of dead workers are what is tested.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, run_cli
from coprolint import batch
from coprolint.config import Config

CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"
CLEAN_PDF = FIXTURES / "clean" / "agenda-in-person.pdf"
BAD_DOCX = FIXTURES / "images" / "missing-alt-text.docx"  # one error: a picture without alternative text

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux only")


def folder_of(tmp_path: Path, names: list[str], source: Path = CLEAN_DOCX) -> Path:
    folder = tmp_path / "docs"
    for name in names:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source if not name.endswith(".pdf") else CLEAN_PDF, target)
    return folder


def misbehave(monkeypatch: pytest.MonkeyPatch, action: str, trigger: str) -> None:
    """Make workers hang, crash or run out of memory on files whose name contains ``trigger``."""
    real = batch.lint_one

    def patched(path: Path, display: str, config: Config, visuals: bool = False, facts: bool = False, families=None):  # type: ignore[no-untyped-def]
        if trigger in path.name:
            if action == "hang":
                time.sleep(60)
            elif action == "crash":
                os.kill(os.getpid(), signal.SIGSEGV)
            elif action == "memory":
                blocks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GiB, far over the limit
                return blocks  # never reached
        return real(path, display, config, visuals, facts, families)

    monkeypatch.setattr(batch, "lint_one", patched)


def test_results_come_in_input_order_whatever_finishes_first(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["b/2.docx", "a.pdf", "b/1.docx", "c.docx"])
    small = tmp_path / "small.docx"
    shutil.copy(BAD_DOCX, small)
    report = run_cli("check", "--jobs", "2", "--select", "CPL00", "--format", "json", small, folder).json()
    names = [Path(f["file"]).relative_to(tmp_path).as_posix() for f in report["files"]]
    # Named files first, as given; then each folder's documents in sorted path order.
    assert names == ["small.docx", "docs/a.pdf", "docs/b/1.docx", "docs/b/2.docx", "docs/c.docx"]


def test_largest_files_start_first() -> None:
    jobs = [batch.Job(i, CLEAN_DOCX, str(i), Config(), size) for i, size in enumerate([10, 300, 20, 300])]
    started: list[str] = []

    class Recorder:
        def advance(self) -> None:
            pass

        def tick(self) -> None:
            pass

    # With one worker, the order files are handed out is the order they finish.
    for job, _ in batch.run_pool(jobs, 1, 2048, Recorder()):
        started.append(job.display)
    assert started == ["1", "3", "2", "0"]


def test_a_hanging_file_is_stopped_and_reported_while_the_others_go_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    misbehave(monkeypatch, "hang", "slow")
    folder = folder_of(tmp_path, ["a.docx", "slow/slow.docx", "z.pdf"])
    # The limit is per file, from the closest configuration: only the slow file gets a short one.
    (folder / "slow" / "coprolint.toml").write_text("timeout = 1\n")
    began = time.monotonic()
    result = run_cli("check", "--jobs", "2", "--today", TODAY, "--format", "json", "--no-cache", folder)
    assert time.monotonic() - began < 30
    report = result.json()
    statuses = {Path(f["file"]).name: f for f in report["files"]}
    assert statuses["a.docx"]["status"] == statuses["z.pdf"]["status"] == "linted"
    assert statuses["slow.docx"]["status"] == "unreadable"
    assert "longer than the 1 s allowed" in statuses["slow.docx"]["reason"]
    codes = [(Path(f["file"]).name, f["code"]) for f in report["findings"]]
    assert codes == [("slow.docx", "CPL001")]
    assert result.exit_code == 1 and "Traceback" not in result.stderr


def test_a_crashing_worker_becomes_an_internal_error_and_a_fresh_worker_carries_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    misbehave(monkeypatch, "crash", "boom")
    # --jobs 1: the one worker dies on the second file; the third must still be checked.
    folder = folder_of(tmp_path, ["a.docx", "boom.docx", "c.docx"])
    result = run_cli("check", "--jobs", "1", "--today", TODAY, "--format", "json", "--no-cache", folder)
    report = result.json()
    by_name = {Path(f["file"]).name: f for f in report["files"]}
    assert by_name["a.docx"]["status"] == by_name["c.docx"]["status"] == "linted"
    assert by_name["boom.docx"]["status"] == "failed"
    crash = [f for f in report["findings"] if f["code"] == "CPL000"]
    assert len(crash) == 1 and "SIGSEGV" in crash[0]["message"] and "stopped unexpectedly" in crash[0]["message"]
    assert result.exit_code == 2  # coprolint's own failure, as for any internal error


def test_a_file_that_needs_too_much_memory_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    misbehave(monkeypatch, "memory", "huge")
    folder = folder_of(tmp_path, ["huge.docx", "ok.docx"])
    (folder / "coprolint.toml").write_text("memory-limit = 1024\n")
    report = run_cli("check", "--today", TODAY, "--format", "json", "--no-cache", folder).json()
    by_name = {Path(f["file"]).name: f for f in report["files"]}
    assert by_name["ok.docx"]["status"] == "linted"
    assert by_name["huge.docx"]["status"] == "unreadable"
    assert "more than the 1024 MB of memory" in by_name["huge.docx"]["reason"]


def test_the_parent_does_not_take_the_memory_limit(tmp_path: Path) -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    run_cli("check", "--no-cache", CLEAN_DOCX)
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_include_exclude_and_lock_files(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["keep.docx", "UPPER.PDF", "archive/old.docx", "drafts/x.docx", "drafts/x.pdf"])
    (folder / "~$keep.docx").write_bytes(b"lock")
    (folder / ".git").mkdir()
    shutil.copy(CLEAN_DOCX, folder / ".git" / "hidden.docx")
    (folder / "coprolint.toml").write_text('exclude = ["archive", "drafts/*.pdf"]\n')
    report = run_cli("check", "--select", "CPL00", "--format", "json", folder).json()
    names = sorted(Path(f["file"]).relative_to(folder).as_posix() for f in report["files"])
    assert names == ["UPPER.PDF", "drafts/x.docx", "keep.docx"]

    (folder / "coprolint.toml").write_text('include = ["*.pdf"]\n')
    report = run_cli("check", "--select", "CPL00", "--format", "json", folder).json()
    names = sorted(Path(f["file"]).relative_to(folder).as_posix() for f in report["files"])
    assert names == ["UPPER.PDF", "drafts/x.pdf"]


def test_a_file_named_explicitly_is_checked_even_if_excluded(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["archive/old.docx"])
    (folder / "coprolint.toml").write_text('exclude = ["archive"]\n')
    report = run_cli("check", "--select", "CPL00", "--format", "json", folder / "archive" / "old.docx").json()
    assert len(report["files"]) == 1
    assert run_cli("check", "--select", "CPL00", "--format", "json", folder).json()["files"] == []


def test_per_file_ignores(tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    (folder / "legacy").mkdir(parents=True)
    shutil.copy(BAD_DOCX, folder / "legacy" / "old.docx")
    shutil.copy(BAD_DOCX, folder / "new.docx")
    (folder / "coprolint.toml").write_text('[per-file-ignores]\n"legacy/*" = ["CPL306", "no-such-rule"]\n')
    bad = run_cli("check", "--today", TODAY, "--format", "json", folder)
    assert bad.exit_code == 2 and "no rule is called" in bad.stderr  # a typo names the rule, no traceback

    (folder / "coprolint.toml").write_text('[per-file-ignores]\n"legacy/*" = ["CPL306", "CPL4"]\n')
    report = run_cli("check", "--today", TODAY, "--format", "json", folder).json()
    codes = {Path(f["file"]).name: {x["code"] for x in report["findings"] if x["file"] == f["file"]} for f in report["files"]}
    assert "CPL306" in codes["new.docx"] and any(c.startswith("CPL4") for c in codes["new.docx"])
    assert not {c for c in codes["old.docx"] if c == "CPL306" or c.startswith("CPL4")}


def test_documents_in_one_folder_share_their_settings_and_a_closer_file_still_wins(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["a.docx", "b.docx", "legacy/c.docx", "own/d.docx", "own/e.docx"])
    (folder / "coprolint.toml").write_text('fail-on = "error"\n[per-file-ignores]\n"legacy/*" = ["CPL306"]\n')
    (folder / "own" / "coprolint.toml").write_text('fail-on = "suggestion"\n')
    jobs = batch.plan(batch.CheckRequest([folder], overrides={"today": TODAY}))
    config = {job.path.name: job.config for job in jobs}
    # One Config for a folder's documents: the result cache fingerprints each Config once.
    assert config["a.docx"] is config["b.docx"] and config["d.docx"] is config["e.docx"]
    assert config["a.docx"].fail_on == "error" and config["d.docx"].fail_on == "suggestion"
    assert all(str(c.today) == TODAY for c in config.values())  # the command line applies to all
    assert "CPL306" in config["c.docx"].ignore and "CPL306" not in config["a.docx"].ignore


def test_bad_batch_settings_are_configuration_errors(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["a.docx"])
    for text, words in (('timeout = "soon"', "timeout must be"), ("timeout = -1", "timeout must be"),
                        ("memory-limit = 10", "memory-limit must be"), ('exclude = "archive"', "exclude must be")):
        (folder / "coprolint.toml").write_text(text + "\n")
        result = run_cli("check", folder)
        assert result.exit_code == 2, text
        assert words in result.stderr and "Traceback" not in result.stderr


def test_the_summary_lists_unreadable_files_rules_and_worst_documents(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["good.docx"])
    shutil.copy(BAD_DOCX, folder / "bad.docx")
    (folder / "empty.pdf").write_bytes(b"")
    out = run_cli("check", "--today", TODAY, folder).stdout
    summary = out[out.index("\nSummary:"):]
    assert "Summary: 3 files, 2 read, 1 could not be read" in summary
    assert "empty.pdf: it is empty (0 bytes)" in summary
    assert "CPL306  missing-alt-text" in summary and "CPL001  unreadable-file" in summary
    most = summary[summary.index("Most errors:"):].splitlines()
    assert "empty.pdf" in most[1] or "bad.docx" in most[1]
    assert not any("good.docx" in line for line in most)
    assert summary.rstrip().splitlines()[-1].startswith("3 files checked:")


def test_jobs_one_and_two_give_the_same_report(tmp_path: Path) -> None:
    folder = folder_of(tmp_path, ["a.docx", "b.pdf"])
    shutil.copy(BAD_DOCX, folder / "e.docx")
    one = run_cli("check", "-j", "1", "--no-cache", "--today", TODAY, "--format", "json", folder)
    two = run_cli("check", "-j", "2", "--no-cache", "--today", TODAY, "--format", "json", folder)
    assert one.stdout == two.stdout and one.exit_code == two.exit_code == 1


def test_warm_up_loads_checks_and_only_the_readers_needed() -> None:
    import json
    import subprocess

    probe = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from coprolint import batch\n"
        "from coprolint.config import Config\n"
        "import gc\n"
        f"batch.warm([batch.Job(i, Path({str(CLEAN_DOCX)!r}), 'a', Config()) for i in range(2)])\n"
        "print(json.dumps([gc.get_freeze_count(), sorted(m for m in sys.modules if m.startswith(('coprolint.readers.', 'coprolint.checks.')))]))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    frozen, modules = json.loads(out.strip().splitlines()[-1])
    loaded = set(modules)
    assert "coprolint.readers.docx" in loaded and "coprolint.checks.typography" in loaded
    assert "coprolint.readers.pdf" not in loaded  # no PDF to read: its libraries stay unloaded
    assert frozen > 10_000  # what was loaded is kept out of the workers' garbage collection


def _lint_both(monkeypatch: pytest.MonkeyPatch, forks: bool) -> list[tuple[str, list[str]]]:
    from coprolint import workers

    monkeypatch.setattr(workers, "FORKS", forks)
    jobs = [batch.Job(i, p, p.name, Config(today=TODAY), p.stat().st_size) for i, p in enumerate([CLEAN_DOCX, BAD_DOCX, CLEAN_PDF])]
    results = sorted(batch.run_pool(jobs, 2, 2048), key=lambda pair: pair[0].index)
    return [(r.status, sorted(f.code for f in r.findings)) for _, r in results]


def test_spawned_workers_as_on_windows_and_macos_give_the_same_results(monkeypatch: pytest.MonkeyPatch) -> None:
    forked = _lint_both(monkeypatch, True)
    # The picture without alternative text, the one with a file name for it, and no meeting details.
    assert forked[1] == ("linted", ["CPL306", "CPL306", "CPL405", "CPL406", "CPL407", "CPL410"])
    assert forked[0] == forked[2] == ("linted", [])
    assert _lint_both(monkeypatch, False) == forked


def _report_open_pipes(channel, megabytes: int) -> None:  # type: ignore[no-untyped-def]
    import stat

    channel.recv()
    pipes = set()
    for fd in range(256):
        try:
            info = os.fstat(fd)
        except OSError:
            continue
        if stat.S_ISFIFO(info.st_mode):
            pipes.add(info.st_ino)
    channel.send(pipes)


def test_a_forked_worker_holds_no_pipe_of_another_worker() -> None:
    from coprolint import workers

    first = workers.ForkedWorker(_report_open_pipes, 2048)
    second = workers.ForkedWorker(_report_open_pipes, 2048)
    first_ends = {first.channel.read_fd, first.channel.write_fd}
    try:
        second.send("which pipes are open?")
        open_in_second = second.receive()
        own = {os.fstat(fd).st_ino for fd in (second.channel.read_fd, second.channel.write_fd)}
        theirs = {os.fstat(fd).st_ino for fd in (first.channel.read_fd, first.channel.write_fd)}
        assert own <= open_in_second  # the check can see pipes at all
        # Had the second kept the first's task pipe, the first could never see its input end.
        assert not theirs & open_in_second
        assert second.reap() == 0
    finally:
        first.kill()
        second.kill()
    assert not first_ends & workers.ForkedWorker.parent_ends
    first.kill()  # a second time: nothing else may be closed by it
    assert first.channel.read_fd == first.channel.write_fd == -1


def test_stopped_workers_end_together_and_are_reaped() -> None:
    from coprolint import workers

    pool = [workers.ForkedWorker(_report_open_pipes, 2048) for _ in range(2)]
    for worker in pool:
        worker.stop()
    for worker in pool:
        worker.end()
    assert [worker.status for worker in pool] == [0, 0]  # exited by themselves, not killed


def _whole_and_halves(path: Path, facts: bool = False) -> tuple[list[dict], list[dict], str, str]:  # type: ignore[type-arg]
    from coprolint.engine import HALVES, lint_file, merge_halves

    config = Config(today=TODAY)
    whole = lint_file(path, config, facts=facts)
    first, second = (lint_file(path, config, facts=facts and "meeting" in half, families=half) for half in HALVES)
    merged = merge_halves(first, second)
    return ([f.as_dict() for f in whole.findings], [f.as_dict() for f in merged.findings],
            repr((whole.status, whole.format, whole.reason, whole.extra)), repr((merged.status, merged.format, merged.reason, merged.extra)))


def test_the_halves_cover_every_rule_family_once() -> None:
    from coprolint.catalog import load_catalogue
    from coprolint.engine import HALVES

    first, second = HALVES
    assert not first & second
    assert {rule.family for rule in load_catalogue().values()} == first | second


def test_a_file_linted_in_two_halves_gets_exactly_the_findings_of_one_run() -> None:
    from coprolint.engine import HALVES

    documents = sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".docx", ".pdf", ".txt", ".doc"))
    assert len(documents) > 100
    seen_in_each_half = [0, 0]
    for path in documents:
        whole, merged, whole_status, merged_status = _whole_and_halves(path, facts=path.parent.name == "clean")
        assert merged == whole, path
        assert merged_status == whole_status, path
        for i, half in enumerate(HALVES):
            seen_in_each_half[i] += any(f["family"] in half and f["family"] != "input" for f in whole)
    assert min(seen_in_each_half) >= 20  # both halves did take part


def test_one_file_on_the_command_line_reports_as_in_a_batch(tmp_path: Path) -> None:
    styled = FIXTURES / "reader" / "styles.docx"
    alone = run_cli("check", "--today", TODAY, "--no-cache", "--jobs", "2", "--format", "json", styled).json()
    in_batch = run_cli("check", "--today", TODAY, "--no-cache", "--jobs", "2", "--format", "json", styled, CLEAN_DOCX).json()
    assert alone["findings"] == [f for f in in_batch["findings"] if f["file"] == str(styled)]
    # Paragraph 6 has findings of both halves (font, size, underline; colour): in code order.
    at_paragraph = [f["code"] for f in alone["findings"] if f["location"].get("paragraph") == 6]
    assert at_paragraph == ["CPL101", "CPL102", "CPL104", "CPL301", "CPL301"]


def test_a_worker_that_cannot_be_forked_leaves_no_pipe_open(monkeypatch: pytest.MonkeyPatch) -> None:
    from coprolint import workers

    def refuse() -> int:
        raise BlockingIOError("no more processes")

    before = set(os.listdir("/proc/self/fd"))
    monkeypatch.setattr(os, "fork", refuse)
    with pytest.raises(BlockingIOError):
        workers.ForkedWorker(_report_open_pipes, 2048)
    assert set(os.listdir("/proc/self/fd")) == before
