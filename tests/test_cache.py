"""The result cache: unchanged files are not read again; anything that could change a result misses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, TODAY, run_cli
from coprolint import batch
from coprolint.cache import ResultCache, cache_dir, result_from_dict, result_to_dict
from coprolint.config import Config, from_mapping
from coprolint.engine import lint_file

CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"
BAD_DOCX = FIXTURES / "images" / "missing-alt-text.docx"


@pytest.fixture()
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COPROLINT_CACHE_DIR", str(folder))
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "results").rglob("*.json")) if (folder / "results").is_dir() else []


def jobs_for(*paths: Path, **settings: object) -> list[batch.Job]:
    config = from_mapping(dict(settings), "test") if settings else Config()
    return [batch.Job(i, p, str(p), config, p.stat().st_size) for i, p in enumerate(paths)]


def test_a_second_run_comes_from_the_cache_with_the_same_report(tmp_path: Path, cache_folder: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(BAD_DOCX, docs / "bad.docx")
    shutil.copy(CLEAN_DOCX, docs / "good.docx")
    (docs / "empty.pdf").write_bytes(b"")
    first = run_cli("check", "--today", TODAY, "--format", "json", docs)
    assert len(entries(cache_folder)) == 3
    second = run_cli("check", "--today", TODAY, "--format", "json", docs)
    assert second.stdout == first.stdout and second.exit_code == first.exit_code == 1
    _, hits = batch.lint_jobs(jobs_for(*sorted(docs.iterdir()), today=TODAY))
    assert hits == 3


def test_results_survive_the_round_trip_exactly() -> None:
    result = lint_file(BAD_DOCX, Config(today=TODAY) if "today" in Config.__dataclass_fields__ else Config())
    assert result.findings
    again = result_from_dict(json.loads(json.dumps(result_to_dict(result))), result.file)
    assert again == result


def test_anything_that_can_change_the_result_misses(tmp_path: Path, cache_folder: Path) -> None:
    doc = tmp_path / "agenda.docx"
    shutil.copy(CLEAN_DOCX, doc)
    cache = ResultCache()
    base = cache.key(doc, Config())
    assert base and cache.key(doc, Config()) == base
    assert cache.key(doc, from_mapping({"profile": "large-print"}, "test")) != base  # settings
    assert cache.key(doc, Config(), "visuals=True,facts=False") != base  # what is asked for
    renamed = tmp_path / "agenda.pdf"
    shutil.copy(CLEAN_DOCX, renamed)
    assert cache.key(renamed, Config()) != base  # the name: a DOCX named .pdf earns a finding
    shutil.copy(BAD_DOCX, doc)
    assert cache.key(doc, Config()) != base  # the content
    other_day = ResultCache(today=__import__("datetime").date(2030, 1, 1))
    assert other_day.key(doc, Config()) != cache.key(doc, Config())  # notice depends on today...
    fixed = from_mapping({"today": TODAY}, "test")
    assert other_day.key(doc, fixed) == cache.key(doc, fixed)  # ...unless today is fixed
    assert ResultCache(cache_folder).salt == cache.salt


def test_scheduling_settings_do_not_change_the_key(tmp_path: Path, cache_folder: Path) -> None:
    cache = ResultCache()
    assert cache.key(CLEAN_DOCX, Config()) == cache.key(CLEAN_DOCX, from_mapping({"timeout": 5, "exclude": ["x"]}, "test"))


def test_a_corrupt_entry_is_ignored(tmp_path: Path, cache_folder: Path) -> None:
    doc = tmp_path / "bad.docx"
    shutil.copy(BAD_DOCX, doc)
    first = run_cli("check", "--today", TODAY, "--format", "json", doc)
    for index, entry in enumerate(entries(cache_folder)):
        entry.write_text(["{not json", '{"format": 1}', "[]"][index % 3])
    for stat in (cache_folder / "stat").rglob("*.json"):
        stat.write_bytes(b"\x00\xff")
    again = run_cli("check", "--today", TODAY, "--format", "json", doc)
    assert again.stdout == first.stdout and "Traceback" not in again.stderr
    assert json.loads(entries(cache_folder)[0].read_text())["status"] == "linted"  # rewritten whole


def test_no_cache_neither_reads_nor_writes(tmp_path: Path, cache_folder: Path) -> None:
    run_cli("check", "--no-cache", CLEAN_DOCX)
    assert entries(cache_folder) == []


def test_an_unwritable_cache_folder_only_turns_the_cache_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("COPROLINT_CACHE_DIR", str(blocker))
    result = run_cli("check", "--today", TODAY, "--format", "json", CLEAN_DOCX)
    assert result.exit_code == 0 and result.json()["files"][0]["status"] == "linted"


def test_failures_are_not_cached(tmp_path: Path, cache_folder: Path) -> None:
    from coprolint.engine import FileResult

    assert not batch._cacheable(FileResult("a.docx", "docx", "failed", "boom"))
    job = jobs_for(CLEAN_DOCX)[0]
    assert not batch._cacheable(batch.timed_out(job))
    assert not batch._cacheable(batch.out_of_memory(job, 2048))
    assert batch._cacheable(FileResult("a.docx", None, "unreadable", "it is empty (0 bytes)"))


def test_clean_empties_only_coprolints_entries(tmp_path: Path, cache_folder: Path) -> None:
    run_cli("check", CLEAN_DOCX)
    assert entries(cache_folder)
    (cache_folder / "keep-me.txt").write_text("not ours")
    result = run_cli("clean")
    assert result.exit_code == 0 and "Removed 1 cached result" in result.stdout
    assert entries(cache_folder) == [] and (cache_folder / "keep-me.txt").exists()
    assert (cache_folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_default_cache_folder_follows_the_platform_conventions(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COPROLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "coprolint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "coprolint"


def test_stored_toml_copies_follow_the_file_and_survive_damage(tmp_path: Path, cache_folder: Path) -> None:
    from coprolint import stored

    words = tmp_path / "words.toml"
    words.write_text('[jargon]\nwords = ["leverage", "synergy"]\n')
    assert stored.parsed_toml(words) == {"jargon": {"words": ["leverage", "synergy"]}}
    copies = sorted((cache_folder / "data").glob("toml-words-*.marshal"))
    assert len(copies) == 1 and (cache_folder / "CACHEDIR.TAG").exists()
    copies[0].write_bytes(b"\x00 damaged")
    assert stored.parsed_toml(words) == {"jargon": {"words": ["leverage", "synergy"]}}  # parsed again
    words.write_text('[jargon]\nwords = ["leverage"]\n')  # an edit by comms staff is seen at once
    assert stored.parsed_toml(words) == {"jargon": {"words": ["leverage"]}}
    dated = tmp_path / "dated.toml"
    dated.write_text("when = 2027-01-14\n")  # marshal cannot keep dates: parsed each time, no error
    assert str(stored.parsed_toml(dated)["when"]) == "2027-01-14"


def test_stored_copies_are_skipped_quietly_without_a_usable_cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from coprolint import stored

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("COPROLINT_CACHE_DIR", str(blocker))
    words = tmp_path / "words.toml"
    words.write_text('words = ["leverage"]\n')
    assert stored.parsed_toml(words) == {"words": ["leverage"]}
    assert blocker.read_text() == "a file where the cache folder should be"


def test_clean_removes_the_stored_tables_too(tmp_path: Path, cache_folder: Path) -> None:
    from coprolint import stored

    words = tmp_path / "words.toml"
    words.write_text('words = ["leverage"]\n')
    stored.parsed_toml(words)
    assert list((cache_folder / "data").iterdir())
    assert run_cli("clean").exit_code == 0
    assert not (cache_folder / "data").exists()
