"""The pre-commit hook, run by the real pre-commit tool against this checkout's working tree.

``pre-commit try-repo`` builds a virtual environment and pip-installs the hook repository
into it (packages come from the package index, so this test needs it, and takes a minute or
so). try-repo only sees committed files and tracked changes, so the test copies this working
tree into a fresh repository and commits it there: what is tested is the code as it is now,
whatever this checkout has committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, TODAY

PRE_COMMIT = shutil.which("pre-commit") or str(Path(sys.executable).parent / "pre-commit")
HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "coprolint", "rules")

pytestmark = pytest.mark.skipif(not Path(PRE_COMMIT).exists() or not shutil.which("git"),
                                reason="needs pre-commit (the test extra) and git")


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def snapshot_of_this_checkout(target: Path) -> Path:
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in HOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", ".")
    git(target, "commit", "-q", "-m", "snapshot")
    return target


def test_pre_commit_passes_a_good_document_and_fails_a_bad_one(tmp_path: Path) -> None:
    hooks = snapshot_of_this_checkout(tmp_path / "hooks")
    policies = tmp_path / "policies"
    policies.mkdir()
    git(policies, "init", "-q")
    shutil.copy(FIXTURES / "clean" / "agenda-in-person.docx", policies / "good.docx")
    shutil.copy(FIXTURES / "images" / "missing-alt-text.docx", policies / "Bad.DOCX")  # upper case still matches
    (policies / "notes.txt").write_text("not a document: the hook must not be given it\n")
    # A fixed day keeps the clean agenda's notice period valid as the years go by.
    (policies / "coprolint.toml").write_text(f'today = "{TODAY}"\n')
    git(policies, "add", ".")

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "COPROLINT_CACHE_DIR": str(tmp_path / "cache")}

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        command = [PRE_COMMIT, "try-repo", str(hooks), "coprolint", "--verbose", "--files", *files]
        return subprocess.run(command, cwd=policies, env=env, capture_output=True, text=True, timeout=900)

    began = time.monotonic()
    good = try_repo("good.docx", "notes.txt")
    built = time.monotonic() - began
    print(f"pre-commit try-repo: first run (builds the hook environment) took {built:.0f} s")
    if good.returncode != 0 and ("Could not find a version" in good.stdout + good.stderr
                                 or "No matching distribution" in good.stdout + good.stderr):
        pytest.skip("the package index cannot be reached to build the hook's environment")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout

    bad = try_repo("Bad.DOCX")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "CPL306" in bad.stdout and "Bad.DOCX" in bad.stdout
