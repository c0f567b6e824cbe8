"""`coprolint glossary`: acronyms and jargon with their meanings, as Markdown or CSV."""

from __future__ import annotations

import csv
import io

from conftest import CORPUS, FIXTURES, run_cli

LANGUAGE = FIXTURES / "language"


def test_markdown_lists_acronyms_with_meanings_and_jargon_with_plain_words() -> None:
    run = run_cli("glossary", LANGUAGE / "acronyms.docx", LANGUAGE / "jargon.pdf")
    assert run.exit_code == 0, run.stderr
    out = run.stdout
    assert "## Glossary for" in out and "acronyms.docx" in out and "jargon.pdf" in out
    assert "| ICB | Integrated Care Board | 3 |" in out
    assert "| JSNA | Joint Strategic Needs Assessment | 1 |" in out  # the document's own definition
    assert "| XQZ | (not in coprolint's glossary: add what it stands for) | 1 |" in out
    assert "| utilise | use | 2 |" in out
    assert "| care package | the care and support you get | 1 |" in out
    # Names are not jargon: "Needs Assessment" inside "Joint Strategic Needs Assessment".
    assert "needs assessment" not in out


def test_csv_has_one_row_per_term() -> None:
    run = run_cli("glossary", "--format", "csv", LANGUAGE / "acronyms-quiet.pdf")
    assert run.exit_code == 0, run.stderr
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == ["file", "kind", "term", "meaning", "uses"]
    by_term = {row[2]: row for row in rows[1:]}
    assert by_term["ICB"][1:] == ["acronym", "ICB", "Integrated Care Board", "2"]
    assert by_term["NHS"][3] == "National Health Service"  # allowed acronyms still belong in a glossary
    assert by_term["CAMHS"][3] == "Child and Adolescent Mental Health Services"


def test_a_document_with_nothing_to_explain() -> None:
    run = run_cli("glossary", LANGUAGE / "quiet.docx")
    assert run.exit_code == 0
    assert "No acronyms or jargon found." in run.stdout


def test_unreadable_file_is_a_message_not_a_traceback() -> None:
    doc = CORPUS / "robustness" / "other" / "poi__test-data__document__SampleDoc.doc"
    run = run_cli("glossary", doc, LANGUAGE / "jargon.docx")
    assert run.exit_code == 2
    assert "could not read" in run.stderr and "Traceback" not in run.stderr
    assert "| going forward | from now on, in future | 1 |" in run.stdout  # the other file is still listed


def test_configuration_adds_meanings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "coprolint.toml"
    config.write_text('[rules.undefined-acronym]\nglossary = { "XQZ" = "Extra Quiet Zone" }\n'
                      '[rules.jargon]\nallow = ["utilise"]\n', encoding="utf-8")
    run = run_cli("glossary", "--config", config, LANGUAGE / "acronyms.docx", LANGUAGE / "jargon.docx")
    assert run.exit_code == 0, run.stderr
    assert "| XQZ | Extra Quiet Zone | 1 |" in run.stdout
    assert "| utilise |" not in run.stdout
