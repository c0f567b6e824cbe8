"""Configuration: discovery from the linted file upward, validation with clear messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from coprolint.config import Config, ConfigError, clear_cache, for_path, from_mapping, validate_catalogue_profiles

CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"


def test_defaults() -> None:
    config = Config()
    assert config.profile == "standard" and config.fail_on == "error"


def test_profiles_name_real_rules_and_options() -> None:
    validate_catalogue_profiles()


def test_closest_config_file_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.coprolint]\nfail-on = "warning"\n')
    inner = tmp_path / "papers"
    inner.mkdir()
    (inner / "coprolint.toml").write_text('profile = "large-print"\n')
    outer_doc, inner_doc = tmp_path / "a.docx", inner / "b.docx"
    for doc in (outer_doc, inner_doc):
        shutil.copy(CLEAN_DOCX, doc)
    clear_cache()
    assert for_path(outer_doc).fail_on == "warning"
    inner_config = for_path(inner_doc)
    assert inner_config.profile == "large-print" and inner_config.fail_on == "error"


def test_pyproject_without_our_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.black]\nline-length = 100\n')
    (tmp_path / "a.docx").write_bytes(b"")
    clear_cache()
    assert for_path(tmp_path / "a.docx").source is None


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"profil": "standard"}, "unknown key 'profil'"),
        ({"profile": "huge"}, "profile must be one of"),
        ({"fail-on": "fatal"}, "fail-on must be one of"),
        ({"severity": {"CPL999": "error"}}, "no rule is called 'CPL999'"),
        ({"severity": {"CPL001": "loud"}}, "severity.CPL001 must be one of"),
        ({"strict-fonts": "yes"}, "strict-fonts must be true or false"),
        ({"select": 3}, "select must be a list of strings"),
    ],
)
def test_bad_values_name_the_key(table: dict, words: str) -> None:
    with pytest.raises(ConfigError, match=words.replace("(", r"\(")):
        from_mapping(table, "pyproject.toml")


def test_select_ignore_and_severity() -> None:
    from coprolint.catalog import find_rule

    rule = find_rule("CPL002")
    assert rule is not None
    assert not from_mapping({"ignore": ["CPL0"]}, "t").enabled(rule)
    assert not from_mapping({"select": ["CPL1"]}, "t").enabled(rule)
    assert from_mapping({"select": ["file-name-mismatch"]}, "t").enabled(rule)
    assert from_mapping({"severity": {"file-name-mismatch": "error"}}, "t").severity_of(rule) == "error"


def test_broken_config_file_exits_2_with_a_message(tmp_path: Path) -> None:
    (tmp_path / "coprolint.toml").write_text("profile = [unclosed\n")
    shutil.copy(CLEAN_DOCX, tmp_path / "agenda.docx")
    clear_cache()
    result = run_cli("check", tmp_path / "agenda.docx")
    assert result.exit_code == 2
    assert "configuration problem" in result.stderr and "not valid TOML" in result.stderr
    assert "Traceback" not in result.stderr


def test_explicit_config_file(tmp_path: Path) -> None:
    config = tmp_path / "strict.toml"
    config.write_text('[tool.coprolint]\nignore = ["CPL001"]\n')
    bad = tmp_path / "bad.docx"
    bad.write_text("not a document")
    assert run_cli("check", "--config", config, bad).exit_code == 0
    assert run_cli("check", bad).exit_code == 1


def test_option_names_may_use_hyphens_or_underscores() -> None:
    from coprolint.catalog import find_rule

    breaks = find_rule("breaks")
    size = find_rule("text-too-small")
    assert breaks is not None and size is not None
    hyphens = from_mapping({"rules": {"breaks": {"max-minutes": 120}, "text-too-small": {"min_size": 14}}}, "t")
    assert hyphens.options_for(breaks)["max_minutes"] == 120
    assert hyphens.options_for(size)["min-size"] == 14
    with pytest.raises(ConfigError, match="has no option 'max-minuets'"):
        from_mapping({"rules": {"breaks": {"max-minuets": 120}}}, "t")
