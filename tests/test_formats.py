"""Formats for tools: SARIF (valid against the official 2.1.0 schema), GitHub annotations, JUnit XML."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from conftest import FIXTURES, TODAY, run_cli
from coprolint.catalog import load_catalogue

SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json"
CLEAN_DOCX = FIXTURES / "clean" / "agenda-in-person.docx"
BAD_DOCX = FIXTURES / "images" / "missing-alt-text.docx"


@pytest.fixture()
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a clean, a flawed and an unreadable document; the run happens from tmp_path."""
    folder = tmp_path / "papers"
    folder.mkdir()
    shutil.copy(CLEAN_DOCX, folder / "good.docx")
    shutil.copy(BAD_DOCX, folder / "bad, 50% done.docx")  # a comma and a percent sign need escaping
    (folder / "empty.pdf").write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    return Path("papers")


def test_sarif_is_valid_and_carries_rule_help(docs: Path) -> None:
    import jsonschema

    result = run_cli("check", "--today", TODAY, "--format", "sarif", docs)
    log = json.loads(result.stdout)
    schema = json.loads(SCHEMA.read_text())
    jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker()).validate(log)
    assert result.exit_code == 1

    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == list(load_catalogue())
    for rule in rules:
        assert rule["help"]["text"] and "How to fix" in rule["help"]["markdown"]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert {a["location"]["uri"] for a in run["artifacts"]} == {
        "papers/good.docx", "papers/bad%2C%2050%25%20done.docx", "papers/empty.pdf"}
    codes = set()
    for item in run["results"]:
        assert rules[item["ruleIndex"]]["id"] == item["ruleId"]
        assert item["level"] in ("error", "warning", "note")
        location = item["locations"][0]["physicalLocation"]
        assert location["region"]["startLine"] == 1
        assert run["artifacts"][location["artifactLocation"]["index"]]["location"]["uri"] == location["artifactLocation"]["uri"]
        assert item["partialFingerprints"]["primaryLocationLineHash"]
        codes.add((location["artifactLocation"]["uri"], item["ruleId"]))
    assert ("papers/empty.pdf", "CPL001") in codes and ("papers/bad%2C%2050%25%20done.docx", "CPL306") in codes
    assert not any(uri == "papers/good.docx" for uri, _ in codes)
    fingerprints = [r["partialFingerprints"]["primaryLocationLineHash"] for r in run["results"]]
    assert len(fingerprints) == len(set(fingerprints))  # each alert distinct
    # The schema really constrains: a level SARIF does not know is refused.
    run["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(log, schema)


def test_sarif_of_a_clean_run_is_valid_and_empty(tmp_path: Path) -> None:
    import jsonschema

    log = json.loads(run_cli("check", "--today", TODAY, "--format", "sarif", CLEAN_DOCX).stdout)
    jsonschema.validate(log, json.loads(SCHEMA.read_text()))
    assert log["runs"][0]["results"] == [] and log["runs"][0]["invocations"][0]["executionSuccessful"]


ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]+),title=([^:]+)::(.*)$")


def test_github_annotations(docs: Path) -> None:
    result = run_cli("check", "--today", TODAY, "--format", "github", docs)
    lines = result.stdout.splitlines()
    assert lines and result.exit_code == 1
    seen = set()
    for line in lines:
        match = ANNOTATION.match(line)
        assert match, line
        level, file, title, message = match.groups()
        file = file.replace("%2C", ",").replace("%25", "%")
        seen.add((level, Path(file).name, title.split()[0]))
        assert "\n" not in message and message
    assert ("error", "empty.pdf", "CPL001") in seen
    assert ("error", "bad, 50% done.docx", "CPL306") in seen
    assert any(level == "notice" for level, _, _ in seen)  # suggestions are notices
    assert not any(name == "good.docx" for _, name, _ in seen)


def test_junit_has_one_case_per_document_and_fails_at_the_bar(docs: Path) -> None:
    result = run_cli("check", "--today", TODAY, "--format", "junit", docs)
    root = ET.fromstring(result.stdout)
    suite = root.find("testsuite")
    assert suite is not None
    cases = {Path(c.get("name", "")).name: c for c in suite.findall("testcase")}
    assert set(cases) == {"good.docx", "bad, 50% done.docx", "empty.pdf"}
    assert cases["good.docx"].find("failure") is None
    assert cases["empty.pdf"].find("failure").get("type") == "CPL001"  # type: ignore[union-attr]
    bad = cases["bad, 50% done.docx"]
    assert "CPL306" in bad.find("failure").text  # type: ignore[union-attr]
    assert "CPL405" in bad.find("system-out").text  # a warning, below the error bar  # type: ignore[union-attr]
    assert suite.get("tests") == "3" and suite.get("failures") == "2" and root.get("failures") == "2"

    warned = ET.fromstring(run_cli("check", "--today", TODAY, "--format", "junit", "--fail-on", "warning", docs).stdout)
    bad_case = [c for c in warned.iter("testcase") if "bad" in c.get("name", "")][0]
    assert "CPL405" in bad_case.find("failure").text  # type: ignore[union-attr]


def test_junit_case_times_are_what_each_document_took(docs: Path) -> None:
    cold = ET.fromstring(run_cli("check", "--no-cache", "--today", TODAY, "--format", "junit", docs).stdout)
    times = {Path(c.get("name", "")).name: float(c.get("time", "")) for c in cold.iter("testcase")}
    assert times["good.docx"] > 0 and times["bad, 50% done.docx"] > 0 and times["empty.pdf"] >= 0
    run_cli("check", "--today", TODAY, docs)  # fills the cache
    cached = ET.fromstring(run_cli("check", "--today", TODAY, "--format", "junit", docs).stdout)
    assert all(float(c.get("time", "")) == 0 for c in cached.iter("testcase"))  # nothing was linted


def test_reports_for_tools_can_go_to_a_file(docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.sarif"
    result = run_cli("check", "--today", TODAY, "--format", "sarif", "--output", out, docs)
    assert result.stdout == "" and json.loads(out.read_text())["version"] == "2.1.0"
    xml = tmp_path / "junit.xml"
    run_cli("check", "--today", TODAY, "--format", "junit", "-o", xml, docs)
    assert ET.parse(xml).getroot().tag == "testsuites"


def test_json_report_has_a_line_for_each_file_and_finding(docs: Path) -> None:
    result = run_cli("check", "--today", TODAY, "--format", "json", docs)
    report = result.json()
    lines = result.stdout.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and report["findings"]
    # Each file and each finding is one line that parses on its own (for grep and for people).
    items = [json.loads(line.strip().rstrip(",")) for line in lines if line.startswith("    {")]
    assert items == report["files"] + report["findings"]
