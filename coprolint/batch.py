"""Batch scans: find the documents, lint them in worker processes, report in a stable order.

This is the body of ``coprolint check``. Each document is linted in a worker process with a
time limit and a memory limit, so a file that hangs, exhausts memory or crashes a C library
becomes a finding for that file while the run goes on with a fresh worker. Rule data is
loaded in the parent before workers are forked (on Linux), so they share it instead of each
loading it again. Largest files start first, so one big file does not finish the run alone;
results are still reported in input order. Unchanged files come from the result cache.

Importing this module is cheap: the engine and readers load only when there is work to do.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Sequence

import click

from coprolint.config import Config, ConfigError, clear_cache, for_folder, from_mapping, read_file, register_key
from coprolint.files import DEFAULT_INCLUDE, matches, walk

if TYPE_CHECKING:
    from coprolint.engine import FileResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_TIMEOUT = 60.0  # seconds for one file
DEFAULT_MEMORY_MB = 2048  # address space for one worker

register_key("include", list, "a list of file-name globs to check inside folders (default: \"*.docx\", \"*.pdf\")")
register_key("exclude", list, "a list of globs naming files or folders to skip inside folders")
register_key("per-file-ignores", dict, "a table of glob = list of rules to ignore in matching files")
register_key("timeout", (int, float), "the seconds one file may take, a number")  # type: ignore[arg-type]
register_key("memory-limit", int, "the megabytes of memory one file may use, a whole number")


@dataclass
class Job:
    """One file to lint: where it is, how it is shown in the report, and the settings for it."""

    index: int  # position in the report
    path: Path
    display: str  # the name shown in the report
    config: Config
    size: int = 0
    key: str | None = None  # result-cache key
    visuals: bool = False  # thumbnails and renders for the HTML report
    facts: bool = False  # the meeting facts, for the JSON report
    families: frozenset[str] | None = None  # only the checks of these rule families (see coprolint.engine.HALVES)

    @property
    def timeout(self) -> float:
        return float(self.config.extra.get("timeout", DEFAULT_TIMEOUT))


@dataclass
class CheckRequest:
    """Everything ``coprolint check`` was asked to do."""

    paths: Sequence[Path]
    overrides: dict[str, Any] = field(default_factory=dict)  # command-line settings, [tool.coprolint]-shaped
    config_file: Path | None = None
    output_format: str = "text"
    output_file: Path | None = None
    jobs: int | None = None
    use_cache: bool = True
    baseline: Path | None = None
    update_baseline: bool = False
    progress: bool | None = None  # None: when standard error is a terminal
    facts: bool = False  # add each document's meeting facts to the results


# ---------------------------------------------------------------- which files, with which settings


def _root_of(config: Config) -> Path:
    """The folder a configuration's globs are relative to: that of its file, else the current one."""
    if config.source:
        source = Path(config.source)
        if source.is_file():
            return source.resolve().parent
    return Path.cwd()


def _validate_settings(config: Config) -> None:
    where = config.source or "configuration"
    for key in ("include", "exclude"):
        value = config.extra.get(key)
        if value is not None and not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: {key} must be a list of glob strings")
    timeout = config.extra.get("timeout")
    if timeout is not None and (isinstance(timeout, bool) or timeout <= 0):
        raise ConfigError(f"{where}: timeout must be a number of seconds above 0, not {timeout!r}")
    memory = config.extra.get("memory-limit")
    if memory is not None and (isinstance(memory, bool) or memory < 256):
        raise ConfigError(f"{where}: memory-limit must be a number of megabytes, at least 256, not {memory!r}")


def _per_file_ignores(path: Path, resolved: Path, config: Config, root: Path) -> Config:
    """Add the rules that ``per-file-ignores`` turns off for this file to its ignore list."""
    table = config.extra.get("per-file-ignores")
    if not table:
        return config
    from coprolint.catalog import load_catalogue

    try:
        relative = resolved.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    added: list[str] = []
    for glob, rules in table.items():
        if isinstance(rules, str):
            rules = [r.strip() for r in rules.split(",") if r.strip()]
        if not isinstance(rules, list) or not all(isinstance(r, str) for r in rules):
            raise ConfigError(f"{config.source}: per-file-ignores.{glob!r} must be a list of rule codes or names")
        for selector in rules:
            if not any(rule.matches(selector) for rule in load_catalogue().values()):
                raise ConfigError(f"{config.source}: per-file-ignores.{glob!r}: no rule is called {selector!r}")
        if matches(relative.lower(), [glob.lower()]):
            added.extend(rules)
    return replace(config, ignore=config.ignore + tuple(added)) if added else config


class Settings:
    """Each document's configuration: its closest file (or --config), the command line, per-file
    ignores. The command line is merged once per folder, not once per document: documents that
    share settings then share one Config, which the result cache fingerprints once."""

    def __init__(self, config_file: Path | None, overrides: dict[str, Any]) -> None:
        self.config_file = config_file
        self.overrides = overrides
        self._by_folder: dict[Path | None, tuple[Config, Path]] = {}

    def for_document(self, path: Path, resolved: Path | None = None) -> Config:
        resolved = resolved or path.resolve()
        folder = None if self.config_file else resolved.parent
        known = self._by_folder.get(folder)
        if known is None:
            base = (read_file(self.config_file) or Config()) if self.config_file else for_folder(resolved.parent)
            merged = from_mapping(self.overrides, "command line", base) if self.overrides else base
            _validate_settings(merged)
            known = self._by_folder[folder] = (merged, _root_of(base))
        return _per_file_ignores(path, resolved, *known)


def settings_for(path: Path, config_file: Path | None, overrides: dict[str, Any]) -> Config:
    """The configuration for one document."""
    return Settings(config_file, overrides).for_document(path)


def plan(request: CheckRequest) -> list[Job]:
    """The documents to lint, in report order: as named, folders walked in sorted order, no repeats."""
    clear_cache()  # configuration files may have changed since an earlier run in this process
    jobs: list[Job] = []
    seen: set[Path] = set()
    settings = Settings(request.config_file, request.overrides)

    def add(path: Path) -> None:
        resolved = path.resolve()
        if resolved in seen:
            return
        seen.add(resolved)
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        config = settings.for_document(path, resolved)
        jobs.append(Job(len(jobs), path, str(path), config, size, visuals=request.output_format == "html",
                        facts=request.facts))

    for given in request.paths:
        if given.is_dir():
            folder = settings.for_document(given / "_")
            include = folder.extra.get("include", DEFAULT_INCLUDE)
            exclude = folder.extra.get("exclude", ())
            for path in walk(given, include, exclude):
                add(path)
        elif given.exists() or given.is_symlink():
            add(given)
        else:
            raise click.UsageError(f"no such file or folder: {given}")
    return jobs


# ---------------------------------------------------------------- workers


def warm(jobs: Sequence[Job], workers: int = 2) -> None:
    """Load what every worker needs before forking: catalogue, checks, their data, the readers in use.
    The rest is only worth doing when several workers will share it (``workers`` for several files)."""
    from coprolint.engine import warm_checks
    from coprolint.readers import SUFFIX_FORMATS

    try:
        warm_checks()
    except Exception:  # a broken check module: each file will report it as an internal error
        pass
    formats = {SUFFIX_FORMATS.get(job.path.suffix.lower()) for job in jobs}
    for fmt in ("docx", "pdf"):
        if fmt in formats:
            try:
                __import__(f"coprolint.readers.{fmt}")
            except Exception:
                pass
    shared = len(jobs) > 1 and workers > 1
    if shared:
        rehearse()
    from coprolint.workers import FORKS

    if FORKS:
        import gc

        # Loaded data moves out of the collector's sight: otherwise each worker's first full
        # collection walks (and so copies, page by page) everything the parent loaded. Sweeping
        # first (~10 ms) pays only when several workers share what is frozen.
        if shared:
            gc.collect()
        gc.freeze()


def rehearse() -> None:
    """Lint a small document of our own in the parent, so that whatever checks load lazily on first
    use (a pronouncing dictionary, word lists, image plugins) is loaded once, before forking, and
    every worker starts warm. One file alone, or one worker, gains nothing from this (~170 ms, with
    python-docx's import), so it is skipped then."""
    import io
    import tempfile

    try:
        from docx import Document
        from docx.shared import Pt
        from PIL import Image

        from coprolint.engine import lint_file

        doc = Document()
        doc.add_heading("Carers' group meeting", level=1)
        doc.add_paragraph("We will meet on Thursday 14 January 2027 from 10:00 to 12:00 at the Community Centre, "
                          "12 Station Road, Walsall WS1 1AA. The ICB will talk about the plans. Please call Sam "
                          "on 0121 496 0123 if you need support to take part.")
        table = doc.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(1, 0).text = "Time", "10:00"
        picture = io.BytesIO()
        Image.new("RGB", (32, 24), (200, 120, 90)).save(picture, format="PNG")
        doc.add_picture(io.BytesIO(picture.getvalue()), width=Pt(60))
        with tempfile.TemporaryDirectory(prefix="coprolint-") as folder:
            path = Path(folder) / "rehearsal.docx"
            doc.save(path)
            lint_file(path, Config(), visuals=False)
    except Exception:  # only a warm-up: workers load what they need themselves
        pass


def _limit_memory(megabytes: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: no address-space limit, the time limit still applies
        return
    limit = megabytes * 1024 * 1024
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or soft > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def lint_one(path: Path, display: str, config: Config, visuals: bool = False, facts: bool = False,
             families: frozenset[str] | None = None) -> FileResult:
    """Lint one file as a worker does, with the pictures or meeting facts when asked."""
    from coprolint.engine import lint_file

    return lint_file(path, config, display, visuals=visuals, facts=facts, families=families)


def _serve(conn: Any, megabytes: int) -> None:
    """A worker: lint one file per message until told to stop (None) or the parent goes away."""
    import faulthandler
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    faulthandler.disable()  # a crash is reported as a finding, not as a dump on the terminal
    # A worker speaks only through its results: libraries' log messages and warnings about odd
    # files would otherwise land on the user's terminal, in the middle of the report. (Setting
    # up logging to swallow them cost each worker ~3 ms of imports.)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    _limit_memory(megabytes)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        path, display, config, visuals, facts, families = task
        message: tuple[str, Any]
        try:
            result = lint_one(Path(path), display, config, visuals, facts, families)
            message = ("memory", None) if _ran_out_of_memory(result) else ("done", result)
        except MemoryError:
            message = ("memory", None)
        try:
            conn.send(message)
        except MemoryError:
            return
        except Exception as exc:  # a result that cannot be sent back is coprolint's fault, not the file's
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
        if message[0] == "memory":
            return  # start afresh: memory may be fragmented or half-freed


def _ran_out_of_memory(result: FileResult) -> bool:
    from coprolint.engine import INTERNAL_ERROR

    return any(f.code == INTERNAL_ERROR and "MemoryError" in f.message for f in result.findings)


class _Slot:
    """A worker process and the file it is working on, if any."""

    def __init__(self, megabytes: int):
        from coprolint import workers

        self.worker = workers.start(_serve, megabytes)
        self.job: Job | None = None
        self.started = self.deadline = 0.0

    def give(self, job: Job) -> None:
        self.job = job
        self.started = time.monotonic()
        self.deadline = self.started + job.timeout
        self.worker.send((str(job.path), job.display, job.config, job.visuals, job.facts, job.families))


def _signal_name(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        import signal

        try:
            return f"signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"signal {-exitcode}"
    return f"exit status {exitcode}"


def _stopped(job: Job, why: str, code: str, suggestion: str, status: str) -> FileResult:
    """A result for a file whose worker had to be stopped, or stopped by itself."""
    from coprolint.engine import FileResult, engine_finding

    result = FileResult(file=job.display, format=None, status=status, reason=why)
    if code == "CPL000":
        message = f"coprolint failed while checking this file: {why}"
        finding = engine_finding(job.display, code, message, Config(), suggestion)  # never switched off
    else:
        finding = engine_finding(job.display, code, f"Could not read this file because {why}", job.config, suggestion)
    if finding:
        result.findings.append(finding)
    return result


def timed_out(job: Job) -> FileResult:
    return _stopped(
        job, f"checking it took longer than the {job.timeout:g} s allowed for one file, so it was stopped", "CPL001",
        "If it is very long or has very large pictures, split it or make them smaller; "
        "or allow more time with `timeout` in the configuration (or --timeout).", "unreadable")


def out_of_memory(job: Job, megabytes: int) -> FileResult:
    return _stopped(
        job, f"reading it needed more than the {megabytes} MB of memory allowed for one file", "CPL001",
        "If it has very large pictures or very many pages, make them smaller or split the document; "
        "or allow more with `memory-limit` in the configuration.", "unreadable")


def crashed(job: Job, exitcode: int | None, megabytes: int) -> FileResult:
    return _stopped(
        job, f"the process checking it stopped unexpectedly ({_signal_name(exitcode)}); a damaged file can crash a "
        f"PDF or image library, or need more than the {megabytes} MB of memory allowed", "CPL000",
        "Please report it with the document if you can share it; try saving the document again.", "failed")


def run_pool(jobs: Sequence[Job], workers: int, megabytes: int, progress: Any = None) -> Iterator[tuple[Job, FileResult]]:
    """Lint jobs in worker processes, largest first; yield (job, result) as each finishes."""
    from coprolint.workers import wait_for

    queue = deque(sorted(jobs, key=lambda j: (-j.size, j.index)))
    pool: list[_Slot] = []
    try:
        while queue or any(w.job for w in pool):
            while queue and (len(pool) < workers or any(w.job is None for w in pool)):
                idle = next((w for w in pool if w.job is None), None)
                if idle is None:
                    idle = _Slot(megabytes)
                    pool.append(idle)
                job = queue.popleft()
                try:
                    idle.give(job)
                except (OSError, ValueError):  # the idle worker died unseen: the file goes to a fresh one
                    idle.job = None
                    idle.worker.kill()
                    pool.remove(idle)
                    queue.appendleft(job)
            busy = [w for w in pool if w.job is not None]
            now = time.monotonic()
            limit = max(0.0, min(min(w.deadline for w in busy) - now, 0.5))
            wait_for([w.worker for w in busy], limit)
            for slot in busy:
                job = slot.job
                assert job is not None
                result: FileResult | None = None
                replace_worker = False
                if slot.worker.has_message():
                    try:
                        kind, payload = slot.worker.receive()
                        if kind == "done":
                            result = payload
                        elif kind == "memory":
                            result, replace_worker = out_of_memory(job, megabytes), True
                        else:
                            result = _stopped(job, f"its result could not be passed back ({payload})", "CPL000",
                                              "Please report it with the document if you can share it.", "failed")
                    except (EOFError, OSError):
                        result, replace_worker = crashed(job, slot.worker.reap(), megabytes), True
                elif not slot.worker.alive():
                    result, replace_worker = crashed(job, slot.worker.reap(), megabytes), True
                elif time.monotonic() > slot.deadline:
                    result, replace_worker = timed_out(job), True
                if result is None:
                    continue
                result.seconds = time.monotonic() - slot.started
                slot.job = None
                if replace_worker:
                    slot.worker.kill()
                    pool.remove(slot)
                if progress is not None:
                    progress.advance()
                yield job, result
            if progress is not None:
                progress.tick()
    finally:
        for slot in pool:  # all asked at once, so that they exit side by side
            slot.worker.stop() if slot.job is None else slot.worker.kill()
        for slot in pool:
            slot.worker.end()


# ---------------------------------------------------------------- the whole run


def _cacheable(result: FileResult) -> bool:
    # Internal errors, time-outs and memory trouble may not happen next time: never remembered.
    return result.status != "failed" and not (result.reason or "").startswith(("checking it took", "reading it needed"))


def lint_jobs(jobs: Sequence[Job], workers: int | None = None, use_cache: bool = True,
              progress_enabled: bool | None = None) -> tuple[list[FileResult], int]:
    """Lint every job (from the cache where possible): results in job order, and the number of cache hits."""
    from coprolint.progress import Progress

    results: list[FileResult | None] = [None] * len(jobs)
    cache = None
    if use_cache:
        from coprolint.cache import ResultCache

        cache = ResultCache()
    progress = Progress(len(jobs), enabled=progress_enabled)
    todo: list[Job] = []
    for job in jobs:
        if cache is not None:
            job.key = cache.key(job.path, job.config, f"visuals={job.visuals},facts={job.facts}")
            hit = cache.get(job.key, job.display) if job.key else None
            if hit is not None:
                results[job.index] = hit
                progress.advance(cached=True)
                continue
        todo.append(job)
    try:
        if todo:
            allowed = workers or os.cpu_count() or 1
            warm(todo, allowed)
            megabytes = max(int(j.config.extra.get("memory-limit", DEFAULT_MEMORY_MB)) for j in todo)
            if len(todo) == 1 and allowed > 1 and not todo[0].visuals:
                finished = _in_halves(todo[0], megabytes, progress)
            else:
                finished = run_pool(todo, max(1, min(allowed, len(todo))), megabytes, progress)
            for job, result in finished:
                results[job.index] = result
                if cache is not None and job.key and _cacheable(result):
                    cache.put(job.key, result)
    finally:
        progress.close()
    return [r for r in results if r is not None], (cache.hits if cache else 0)


def _in_halves(job: Job, megabytes: int, progress: Any) -> Iterator[tuple[Job, FileResult]]:
    """One file alone, with a core to spare (a pre-commit hook's usual case): half of its checks
    run in one worker while the other half run in a second (see coprolint.engine.HALVES), so a
    cold start loads Pillow, the pictures and the word lists side by side."""
    from coprolint.engine import HALVES, merge_halves

    first, second = (replace(job, families=families, facts=job.facts and "meeting" in families) for families in HALVES)
    results = {half.families: result for half, result in run_pool([first, second], 2, megabytes)}
    if progress is not None:
        progress.advance()
    yield job, merge_halves(results[first.families], results[second.families])


def run_check(request: CheckRequest) -> int:
    """``coprolint check``: lint, apply the baseline, write the report; returns the exit status."""
    from coprolint.engine import fails
    from coprolint.output import atomic_text_file, writer

    jobs = plan(request)
    baseline = None
    if request.baseline is not None:
        from coprolint.baseline import BaselineError, load

        try:
            baseline = load(request.baseline, must_exist=not request.update_baseline)
        except BaselineError as exc:
            raise click.UsageError(str(exc)) from None

    results, _ = lint_jobs(jobs, request.jobs, request.use_cache, request.progress)

    if baseline is not None:
        from coprolint.baseline import describe

        if request.update_baseline:
            recorded = baseline.update(results)
            baseline.save()
            click.echo(f"coprolint: recorded {recorded} finding{'s' if recorded != 1 else ''} in {request.baseline}", err=True)
        baseline.apply(results)
        note = describe(baseline)
        if note:
            click.echo(f"coprolint: {note}", err=True)

    failing = any(fails(r.findings, job.config.fail_on) for r, job in zip(results, jobs))
    internal = any(r.status == "failed" for r in results)

    write = writer(request.output_format)
    extra: dict[str, Any] = {}
    if request.output_format == "junit":
        extra["fail_on"] = {job.display: job.config.fail_on for job in jobs}
    if request.output_file is not None:
        with atomic_text_file(request.output_file) as handle:
            write(results, handle, **extra)
    else:
        if request.output_format in ("text", "concise"):
            extra["color"] = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        write(results, sys.stdout, **extra)
    return EXIT_ERROR if internal else EXIT_FINDINGS if failing else EXIT_CLEAN
