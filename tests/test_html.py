"""The HTML report: one self-contained, accessible page, with pictures where they help.

Structure is checked with the standard library's HTML parser; the page is also loaded in a
real headless Chromium (when installed) for console errors, requests, keyboard use and a
screenshot."""

from __future__ import annotations

import base64
import io
import json
import re
import shutil
import socket
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, TODAY, lint, run_cli

# The real socket functions, taken before the no-network fixture replaces them, so that the
# browser test can talk to its local driver (and nothing else).
_REAL_CONNECT = socket.socket.connect
_REAL_CREATE = socket.create_connection
_REAL_GETADDRINFO = socket.getaddrinfo

DOCUMENTS = [
    FIXTURES / "images" / "bright-colour.docx",
    FIXTURES / "images" / "low-contrast.docx",
    FIXTURES / "images" / "moving-image.docx",
    FIXTURES / "images" / "missing-alt-text.pdf",
    FIXTURES / "images" / "missing-alt-text.docx",
    FIXTURES / "typography" / "small-text.pdf",
    FIXTURES / "clean" / "agenda-in-person.docx",
    FIXTURES / "bad" / "truncated.docx",
]


class Page(HTMLParser):
    """What the structure tests look at: headings, pictures, links, landmarks, attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.images: list[dict[str, str | None]] = []
        self.links: list[dict[str, str | None]] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._heading: list[str] | None = None
        self._level = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append((tag, values))
        if tag == "img":
            self.images.append(values)
        elif tag == "a":
            self.links.append(values)
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading, self._level = [], int(tag[1])

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("html") / "report.html"
    run = run_cli("check", "--no-cache", "-j", "1", "--today", TODAY, "--format", "html", "--output", out, *DOCUMENTS)
    assert run.exit_code == 1, run.stderr  # errors found
    assert run.stdout == ""  # the report went to the file
    return out, out.read_text(encoding="utf-8")


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


def test_language_title_and_landmarks(report: tuple[Path, str]) -> None:
    text = report[1]
    page = parse(text)
    assert text.startswith("<!DOCTYPE html>")
    html = next(attrs for tag, attrs in page.tags if tag == "html")
    assert html.get("lang") == "en-GB"
    tags = [tag for tag, _ in page.tags]
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert "<title>Accessibility report: 8 documents</title>" in text
    # The first link is the skip link, and it leads to the main content.
    assert page.links[0].get("href") == "#main" and page.links[0].get("class") == "skip-link"
    main = next(attrs for tag, attrs in page.tags if tag == "main")
    assert main.get("id") == "main" and main.get("tabindex") == "-1"


def test_headings_go_down_one_level_at_a_time(report: tuple[Path, str]) -> None:
    levels = [level for level, _ in parse(report[1]).headings]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, (before, after)
    titles = [title for level, title in parse(report[1]).headings if level == 2]
    assert titles[0] == "Summary"
    assert titles[2:] == [str(path) for path in DOCUMENTS]


def test_every_picture_has_alt_text_and_is_inline(report: tuple[Path, str]) -> None:
    page = parse(report[1])
    assert page.images, "the report should show pictures"
    for image in page.images:
        assert (image.get("alt") or "").strip(), image.get("src", "")[:40]
        assert (image.get("src") or "").startswith("data:image/")
    for tag, attrs in page.tags:
        for key in ("src", "href", "action", "data"):
            value = attrs.get(key) or ""
            assert not re.match(r"(?i)\s*(https?:)?//", value), (tag, key, value)
        assert tag not in ("script", "iframe", "object", "embed")
        if tag == "link":
            assert attrs.get("href", "").startswith("data:")
    assert "@import" not in report[1] and "url(" not in report[1]


def test_pictures_are_small(report: tuple[Path, str]) -> None:
    from PIL import Image

    for image in parse(report[1]).images:
        data = base64.b64decode((image["src"] or "").split(",", 1)[1])
        with Image.open(io.BytesIO(data)) as picture:
            assert picture.width <= 400 and picture.height <= 600
            assert (picture.width, picture.height) == (int(image["width"] or 0), int(image["height"] or 0))


def test_summary_counts_match_the_json_report(report: tuple[Path, str]) -> None:
    data = run_cli("check", "--no-cache", "-j", "1", "--today", TODAY, "--format", "json", *DOCUMENTS).json()
    by_file: dict[str, set[str]] = {}
    for finding in data["findings"]:
        by_file.setdefault(finding["file"], set()).add(finding["severity"])
    need = sum(1 for f in data["files"] if f["status"] != "linted" or by_file.get(f["file"], set()) & {"error", "warning"})
    assert need == 7  # all but the clean agenda
    assert f"8 documents checked. {need} documents need changes. 1 document could not be read. 1 document has nothing to change." in report[1]
    totals = data["totals"]
    for severity in ("error", "warning", "suggestion"):
        word = severity if totals[severity] == 1 else severity + "s"
        assert f"</span> {totals[severity]} {word}</li>" in report[1]


def test_most_common_problems_come_first() -> None:
    from coprolint.output.html import common_problems

    results = [lint(path, today=TODAY) for path in DOCUMENTS[:4]]
    ranked = common_problems(results)
    documents = [count for _, count, _ in ranked]
    assert documents == sorted(documents, reverse=True)
    top_code, top_documents, _ = ranked[0]
    assert top_documents == sum(1 for r in results if any(f.code == top_code for f in r.findings))


def test_findings_are_grouped_by_guidance_area(report: tuple[Path, str]) -> None:
    headings = parse(report[1]).headings
    start = headings.index((2, str(FIXTURES / "images" / "bright-colour.docx")))
    following = [title for level, title in headings[start + 1:] if level in (2, 3)]
    section = following[: next(i for i, t in enumerate(following) if t.startswith(str(FIXTURES)))]
    assert section[0].startswith("Images and colour")
    assert any(t.startswith("The meeting itself") for t in section)
    assert "Text colour, highlighting or shading in a bold, bright colour" in report[1]
    assert "Why it matters:" in report[1] and "Where the guidance says so: Black Country" in report[1]


def test_colour_swatches_name_the_colour_in_words(report: tuple[Path, str]) -> None:
    text = report[1]
    assert 'style="background-color:#FF0000"' in text
    assert "<code>#FF0000</code> (bright red)" in text
    # The contrast finding shows the text as it looks.
    assert re.search(r'class="sample" style="color:#A6A6A6;background-color:#FFFFFF"', text)


def test_thumbnails_of_flagged_images(report: tuple[Path, str]) -> None:
    page = parse(report[1])
    alts = [image.get("alt") or "" for image in page.images]
    assert any(alt.startswith("Image 1 from the document") for alt in alts)
    assert "(it moves: 3 frames; the first is shown still)" in report[1]
    assert any("which has no alternative text" in alt for alt in alts)


def test_pdf_pages_are_shown_with_flagged_places_numbered(report: tuple[Path, str]) -> None:
    page = parse(report[1])
    renders = [image for image in page.images if (image.get("alt") or "").startswith("Page ")]
    assert renders
    result = lint(FIXTURES / "typography" / "small-text.pdf", today=TODAY)
    places = {f.location.bbox for f in result.findings if f.location.page == 1 and f.location.bbox}
    assert len(places) >= 1
    words = f"small-text.pdf, with {len(places)} flagged place{'s' if len(places) > 1 else ''} outlined and numbered"
    assert any(words in (r.get("alt") or "") for r in renders)
    assert "outlined and numbered 1 on the picture of page 1</a>" in report[1]
    targets = {link.get("href") for link in page.links}
    ids = {attrs.get("id") for _, attrs in page.tags}
    for target in targets:
        if target and target.startswith("#"):
            assert target[1:] in ids, target


def test_severity_is_told_by_words_and_shapes_not_colour_alone(report: tuple[Path, str]) -> None:
    text = report[1]
    for word in ("Error", "Warning", "Suggestion"):
        assert re.search(rf'<svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">.*?</svg>{word}</span>', text)


def test_colours_in_the_stylesheet_have_good_contrast() -> None:
    from coprolint.colour import contrast_ratio, parse_hex
    from coprolint.output.html import CSS

    for severity in ("error", "warning", "suggestion"):
        rule = re.search(rf"\.sev-{severity} {{ color: #(\w{{6}}); background: #(\w{{6}}); }}", CSS)
        assert rule, severity
        fg, bg = parse_hex(rule.group(1)), parse_hex(rule.group(2))
        assert fg and bg and contrast_ratio(fg, bg) >= 7.0
    assert "font-family: Arial, Verdana" in CSS
    assert ":focus-visible" in CSS


def test_visuals_stay_out_of_the_json_report_and_survive_the_cache() -> None:
    from coprolint.cache import result_from_dict, result_to_dict
    from coprolint.config import Config
    from coprolint.engine import lint_file
    from coprolint.output.html import render

    result = lint_file(FIXTURES / "images" / "missing-alt-text.pdf", Config(), visuals=True)
    visuals = result.extra["visuals"]
    assert visuals["pages"]["1"]["marks"] and visuals["images"]
    assert "visuals" not in result.as_dict()
    copy = result_from_dict(json.loads(json.dumps(result_to_dict(result))), result.file)
    assert render([copy]) == render([result])
    assert "visuals" not in lint_file(FIXTURES / "images" / "missing-alt-text.pdf", Config()).extra


def test_an_empty_report_still_reads_well(tmp_path: Path) -> None:
    out = tmp_path / "clean.html"
    run = run_cli("check", "--no-cache", "-j", "1", "--today", TODAY, "--format", "html", "-o", out, FIXTURES / "clean" / "agenda-in-person.docx")
    assert run.exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "1 document checked. 0 documents need changes. 1 document has nothing to change." in text
    assert "Nothing found: this document meets every rule that was checked." in text
    assert not parse(text).images


# ---------------------------------------------------------------- a real browser


def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test reach its local browser driver; any other address still fails."""

    def local(host: Any) -> bool:
        return str(host) in ("localhost", "127.0.0.1", "::1")

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family == getattr(socket, "AF_UNIX", None) or (isinstance(address, tuple) and local(address[0])):
            return _REAL_CONNECT(self, address)
        raise OSError(f"blocked: {address}")

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
        if not local(address[0]):
            raise OSError(f"blocked: {address}")
        return _REAL_CREATE(address, *args, **kwargs)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not local(host):
            raise OSError(f"blocked: {host}")
        return _REAL_GETADDRINFO(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Any:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip("Chromium and its driver are not installed (Debian: apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    monkeypatch.setenv("SE_OFFLINE", "true")  # never let Selenium Manager look for a driver online
    _loopback_only(monkeypatch)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1024,1400"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    try:
        yield session
    finally:
        session.quit()


def test_report_in_a_real_browser(report: tuple[Path, str], browser: Any, tmp_path: Path) -> None:
    from PIL import Image, ImageStat
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(report[0].resolve().as_uri())
    assert browser.title == "Accessibility report: 8 documents"
    problems = [entry for entry in browser.get_log("browser") if entry.get("level") in ("SEVERE", "WARNING")]
    assert problems == []
    # Nothing was fetched but the page itself and its inline pictures.
    requested = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            requested.append(message["params"]["request"]["url"])
    assert requested and all(url.startswith(("file:", "data:")) for url in requested), requested[:5]
    # Every picture decoded.
    broken = browser.execute_script("return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).length")
    assert broken == 0
    # Keyboard: the first Tab reaches the skip link, which shows itself and moves focus to the report.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    active = browser.switch_to.active_element
    assert active.get_attribute("class") == "skip-link"
    assert active.rect["y"] >= 0  # moved into view when focused
    active.send_keys(Keys.ENTER)
    assert browser.execute_script("return document.activeElement.id") == "main"
    # The approved font is the one used.
    family = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert family.startswith("Arial")
    shot = tmp_path / "report.png"
    browser.execute_script("window.scrollTo(0, 0)")
    assert browser.save_screenshot(str(shot))
    with Image.open(shot) as picture:
        assert picture.width >= 800
        assert ImageStat.Stat(picture.convert("L")).stddev[0] > 10  # not a blank page


def test_picture_budget_and_control_characters() -> None:
    from coprolint.engine import FileResult, Finding
    from coprolint.output.html import render, within_budget

    picture = {"src": "data:image/png;base64," + "A" * 100, "width": 10, "height": 10}
    results = [
        FileResult(file=f"f{i}.docx", format="docx", status="linted",
                   extra={"visuals": {"images": {"1": dict(picture)}, "pages": {}}})
        for i in range(3)
    ]
    kept, skipped = within_budget(results, budget=250)
    assert [len(v["images"]) for v in kept] == [1, 1, 0] and skipped == 1
    broken = FileResult(file="odd.docx", format="docx", status="linted", findings=[
        Finding(file="odd.docx", code="CPL501", name="document-title", severity="warning",
                message="Title 'Microsoft Word - \x00\x07draft' is a placeholder", family="structure")])
    text = render([broken])
    assert "\x00" not in text and "\x07" not in text
    assert "Microsoft Word - draft" in text
