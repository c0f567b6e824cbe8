"""Configuration: ``[tool.coprolint]`` in pyproject.toml or a ``coprolint.toml``, plus the command line.

The closest configuration file above a linted document wins (as in ruff). Values
are checked here, so a typo becomes a clear message naming the key rather than
a traceback later on.
"""

from __future__ import annotations

import functools
import tomllib
from datetime import date
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coprolint.catalog import SEVERITIES, RuleInfo, find_rule, load_catalogue, load_data

CONFIG_FILES = ("coprolint.toml", "pyproject.toml")


class ConfigError(ValueError):
    """A configuration problem, worded for the person who wrote the file."""


@dataclass(frozen=True)
class Config:
    """The settings a file is linted with: profile, rule selection, severities and rule options."""

    profile: str = "standard"
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    fail_on: str = "error"
    severity: dict[str, str] = field(default_factory=dict)  # code -> severity
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> options
    extra_fonts: tuple[str, ...] = ()
    strict_fonts: bool = False
    today: str | None = None  # ISO date the notice rule counts from; None means the real today
    source: str | None = None  # the file it came from, for messages
    extra: dict[str, Any] = field(default_factory=dict)  # settings owned by other parts (batch, output)

    def enabled(self, rule: RuleInfo) -> bool:
        selected = any(sel.upper() == "ALL" or rule.matches(sel) for sel in self.select)
        return selected and not any(rule.matches(sel) for sel in self.ignore)

    def severity_of(self, rule: RuleInfo) -> str:
        return self.severity.get(rule.code, rule.severity)

    def options_for(self, rule: RuleInfo) -> dict[str, Any]:
        """Catalogue defaults, then the profile's values, then the user's."""
        options = dict(rule.options)
        options.update(profile_options(self.profile).get(rule.code, {}))
        options.update(self.rule_options.get(rule.code, {}))
        return options


@functools.cache
def profiles() -> dict[str, dict[str, Any]]:
    return load_data("profiles.toml")


@functools.cache
def profile_options(profile: str) -> dict[str, dict[str, Any]]:
    """Option values a profile sets, keyed by rule code (read-only: worked out once per profile)."""
    table = profiles().get(profile, {}).get("rules", {})
    out: dict[str, dict[str, Any]] = {}
    for key, values in table.items():
        rule = find_rule(key)
        if rule is not None:
            out[rule.code] = dict(values)
    return out


# Top-level keys and what they hold; other modules may register more (see ``register_key``).
_KEYS: dict[str, str] = {
    "profile": "one of the profiles in rules/profiles.toml",
    "select": "a list of rule codes, code prefixes or names",
    "ignore": "a list of rule codes, code prefixes or names",
    "fail-on": "error, warning or suggestion",
    "severity": "a table of rule = severity",
    "rules": "a table of rule options, e.g. [tool.coprolint.rules.font-too-small]",
    "extra-fonts": "a list of font family names to accept as well",
    "strict-fonts": "true or false",
    "today": "a date as YYYY-MM-DD, the day the notice rule counts from",
}
_EXTRA_KEYS: dict[str, type] = {}


def register_key(name: str, kind: type, meaning: str) -> None:
    """Let another part (batch scanning, say) own a top-level key, validated by type."""
    _KEYS[name] = meaning
    _EXTRA_KEYS[name] = kind


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings")
    return tuple(v.strip() for v in value)


def _rule(key: str, where: str) -> RuleInfo:
    rule = find_rule(key)
    if rule is None:
        raise ConfigError(f"{where}: no rule is called {key!r} (see `coprolint rules`)")
    return rule


def option_key(rule: RuleInfo, option: str) -> str:
    """The rule's own spelling of an option: ``max-minutes`` and ``max_minutes`` both name it,
    so people need not remember which rules use which."""
    if option in rule.options:
        return option
    for variant in (option.replace("-", "_"), option.replace("_", "-")):
        if variant in rule.options:
            return variant
    return option


def _check_option(rule: RuleInfo, key: str, value: Any, where: str) -> Any:
    defaults = rule.options
    if key not in defaults:
        known = ", ".join(sorted(defaults)) or "none"
        raise ConfigError(f"{where}: rule {rule.code} ({rule.name}) has no option {key!r} (its options: {known})")
    default = defaults[key]
    if isinstance(default, bool):
        ok = isinstance(value, bool)
    elif isinstance(default, (int, float)):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
    else:
        ok = isinstance(value, type(default))
    if not ok:
        raise ConfigError(f"{where}: option {key!r} of {rule.name} must be {type(default).__name__}, not {value!r}")
    return value


def from_mapping(data: dict[str, Any], source: str, base: Config | None = None) -> Config:
    """Validate a ``[tool.coprolint]`` table and lay it over ``base``."""
    config = base or Config()
    prefix = f"{source}: "
    unknown = [key for key in data if key not in _KEYS]
    if unknown:
        raise ConfigError(f"{prefix}unknown key {unknown[0]!r} in [tool.coprolint] (known: {', '.join(sorted(_KEYS))})")
    changes: dict[str, Any] = {"source": source}
    if "profile" in data:
        if data["profile"] not in profiles():
            raise ConfigError(f"{prefix}profile must be one of {', '.join(profiles())}, not {data['profile']!r}")
        changes["profile"] = data["profile"]
    for key, attr in (("select", "select"), ("ignore", "ignore"), ("extra-fonts", "extra_fonts")):
        if key in data:
            changes[attr] = _str_list(data[key], f"{prefix}{key}")
    if "fail-on" in data:
        if data["fail-on"] not in SEVERITIES:
            raise ConfigError(f"{prefix}fail-on must be one of {', '.join(SEVERITIES)}, not {data['fail-on']!r}")
        changes["fail_on"] = data["fail-on"]
    if "today" in data:
        try:
            changes["today"] = date.fromisoformat(str(data["today"])).isoformat()
        except ValueError:
            raise ConfigError(f"{prefix}today must be a date written YYYY-MM-DD, not {data['today']!r}") from None
    if "strict-fonts" in data:
        if not isinstance(data["strict-fonts"], bool):
            raise ConfigError(f"{prefix}strict-fonts must be true or false")
        changes["strict_fonts"] = data["strict-fonts"]
    if "severity" in data:
        if not isinstance(data["severity"], dict):
            raise ConfigError(f"{prefix}severity must be a table of rule = severity")
        severity = dict(config.severity)
        for key, value in data["severity"].items():
            rule = _rule(key, f"{prefix}severity")
            if value not in SEVERITIES:
                raise ConfigError(f"{prefix}severity.{key} must be one of {', '.join(SEVERITIES)}, not {value!r}")
            severity[rule.code] = value
        changes["severity"] = severity
    if "rules" in data:
        if not isinstance(data["rules"], dict):
            raise ConfigError(f"{prefix}rules must be a table of rule option tables")
        options = {code: dict(values) for code, values in config.rule_options.items()}
        for key, values in data["rules"].items():
            rule = _rule(key, f"{prefix}rules")
            if not isinstance(values, dict):
                raise ConfigError(f"{prefix}rules.{key} must be a table of options")
            for option, value in values.items():
                option = option_key(rule, option)
                options.setdefault(rule.code, {})[option] = _check_option(rule, option, value, f"{prefix}rules.{key}")
        changes["rule_options"] = options
    extra = dict(config.extra)
    for key, kind in _EXTRA_KEYS.items():
        if key in data:
            if not isinstance(data[key], kind):
                raise ConfigError(f"{prefix}{key} must be {_KEYS[key]}")
            extra[key] = data[key]
    changes["extra"] = extra
    return replace(config, **changes)


def read_file(path: Path) -> Config | None:
    """The configuration in one file, or None when a pyproject.toml has no [tool.coprolint]."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("coprolint")
        if table is None:
            return None
        return from_mapping(table, str(path))
    return from_mapping(data.get("tool", {}).get("coprolint", data), str(path))


@functools.cache
def _discover(directory: Path) -> Config | None:
    for folder in (directory, *directory.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                found = read_file(candidate)
                if found is not None:
                    return found
    return None


def clear_cache() -> None:
    """Forget discovered configuration files (for long-running callers and tests)."""
    _discover.cache_clear()


def for_path(document: Path) -> Config:
    """The configuration that applies to one document: the closest file above it, or the defaults."""
    return for_folder(document.resolve().parent)


def for_folder(folder: Path) -> Config:
    """The configuration for documents in this (resolved) folder."""
    return _discover(folder) or Config()


def validate_catalogue_profiles() -> None:
    """Profiles may only name existing rules and options (checked by the test-suite)."""
    for name, profile in profiles().items():
        for key, values in profile.get("rules", {}).items():
            rule = _rule(key, f"rules/profiles.toml [{name}]")
            for option, value in values.items():
                _check_option(rule, option, value, f"rules/profiles.toml [{name}.rules.{key}]")
    load_catalogue()
