"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request.

``::error file=agenda.docx,title=CPL101 font-not-approved::message``. Documents have no lines
to point at, so the place inside the document goes in the message. Suggestions become
``notice`` annotations. Values are escaped as the runner expects (% and line breaks
everywhere; also : and , inside properties).
"""

from __future__ import annotations

from typing import TextIO

from coprolint.engine import FileResult
from coprolint.output import full_message

COMMANDS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write(results: list[FileResult], out: TextIO) -> None:
    for result in results:
        for finding in result.findings:
            message = full_message(finding, "\n")
            title = f"{finding.code} {finding.name}" + (" (needs review)" if finding.needs_review else "")
            out.write(f"::{COMMANDS[finding.severity]} file={escape_property(finding.file)},"
                      f"title={escape_property(title)}::{escape_data(message)}\n")
