"""A pre-commit hook starts coprolint often: the light commands must not import the heavy stack."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("docx", "pdfplumber", "pypdfium2", "PIL", "textstat", "nltk", "lxml", "pdfminer")

PROBE = """
import io, json, sys
from contextlib import redirect_stdout
from coprolint.cli import main
with redirect_stdout(io.StringIO()):
    try:
        main({args!r})
    except SystemExit:
        pass
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})))
"""


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["rule", "CPL001"], ["--help"]])
def test_light_commands_import_no_heavy_library(args: list[str]) -> None:
    code = PROBE.format(args=args, heavy=set(HEAVY))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out.strip().splitlines()[-1]) == []


def test_reading_the_rule_data_does_not_load_the_engine_or_result_cache() -> None:
    """The stored copies of the rule data sit in the cache folder, but `coprolint rules` must not pay
    for the result cache's imports (the engine, the model, json, hashlib and so OpenSSL) to find them."""
    code = ("import sys; from coprolint.catalog import load_catalogue, load_data; load_catalogue(); "
            "load_data('jargon.toml'); print(sorted(m for m in ('coprolint.cache', 'coprolint.engine', "
            "'coprolint.model', 'json', 'hashlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
