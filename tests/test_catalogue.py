"""Every rule is complete: metadata people can read, a check that runs it, and tests that use it."""

from __future__ import annotations

import re

from conftest import ROOT
from coprolint.catalog import FAMILIES, SEVERITIES, load_catalogue
from coprolint.engine import registered_checks

ENGINE_RULES = {"CPL000", "CPL001", "CPL002", "CPL003"}  # raised by the engine, not by a check


def test_codes_and_names_are_well_formed() -> None:
    for code, rule in load_catalogue().items():
        assert re.fullmatch(r"CPL\d{3}", code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert rule.severity in SEVERITIES and rule.family in FAMILIES
        assert len(rule.explanation.split()) >= 20, f"{code}: explanation too thin"
        assert rule.source and rule.fix


def test_every_rule_has_a_check_and_every_check_a_rule() -> None:
    checks = set(registered_checks())
    rules = set(load_catalogue())
    assert checks <= rules, f"checks without catalogue entries: {sorted(checks - rules)}"
    assert rules - ENGINE_RULES <= checks, f"rules without checks: {sorted(rules - ENGINE_RULES - checks)}"


def test_every_rule_is_exercised_by_a_test() -> None:
    """Like proselint's meta-test: a rule nobody tests is a rule nobody knows works."""
    tests = "\n".join(p.read_text() for p in (ROOT / "tests").glob("test_*.py") if p.name != "test_catalogue.py")
    missing = [f"{r.code} ({r.name})" for r in load_catalogue().values() if r.code not in tests and r.name not in tests]
    assert not missing, f"rules no test mentions: {missing}"
