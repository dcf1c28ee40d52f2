"""The docs site, read in a real browser: home page, a day page, the API reference and search.

`make test` builds the site first (`make docs`); run alone, this file builds it when it is older
than the notebooks or the library. The browser is Debian's headless Chromium driven by Selenium
through chromedriver; without them the browser tests skip and say why.
"""
from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from aicourse.authoring.docsite import broken_links, prepare_notebook, site_is_fresh
from aicourse.course.syllabus import DAYS, get_day, lesson_path, workbook_path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "_docs"
SHOTS = DOCS / "_screenshots"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
# Headless on a closed network: without the background-networking flags Chromium waits on
# update and sync servers it cannot reach.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1400"]
WAIT_S = 20


def lesson_page(day: int) -> str:
    "The site path of a day's lesson page."
    path = lesson_path(day, ROOT)
    assert path is not None, f"day {day:02d} has no lesson"
    return f"{path.parent.name}/{path.stem}.html"


def written_days() -> list[int]:
    return [d.number for d in DAYS if lesson_path(d.number, ROOT) is not None]


# --- the build itself: no browser needed ---------------------------------------------------

def test_prepare_notebook_applies_nbdev_directives():
    def code(src: str, outputs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        return {"cell_type": "code", "metadata": {}, "source": src, "outputs": outputs or []}

    text = {"output_type": "stream", "name": "stdout", "text": "42\n"}
    widget = {"output_type": "display_data", "metadata": {},
              "data": {"application/vnd.jupyter.widget-view+json": {"model_id": "x"}, "text/plain": "0%"}}
    nb = {"cells": [code("#| default_exp core"), code("#| hide\nsecret = 1"),
                    code("#| export\ndef f(): return 42"), code("#| echo: false\nprint(f())", [text]),
                    code("# NBVAL_IGNORE_OUTPUT\nload()", [widget, text]),
                    {"cell_type": "markdown", "metadata": {}, "source": "#| not a directive in markdown"}]}
    cells = prepare_notebook(nb)["cells"]
    assert [c["source"] for c in cells] == ["def f(): return 42", "print(f())", "load()",
                                            "#| not a directive in markdown"]
    assert "remove-input" in cells[1]["metadata"]["tags"] and not cells[0]["metadata"]["tags"]
    assert cells[2]["outputs"] == [text], "progress-bar widgets have no state on a static page"
    assert nb["cells"][0]["source"] == "#| default_exp core", "the input notebook is left alone"


def test_link_checker_finds_missing_files_and_anchors(tmp_path: Path):
    (tmp_path / "day").mkdir()
    (tmp_path / "day" / "one.html").write_text('<h2 id="seeds">Seeds</h2><img src="../_static/plot.png">'
                                               '<a href="../index.html#top">home</a><a href="#seeds">here</a>')
    (tmp_path / "index.html").write_text('<p id="top"></p><a href="day/one.html#seeds">ok</a>'
                                         '<a href="day/one.html#nope">bad anchor</a><a href="day/two.html">gone</a>'
                                         '<a href="https://pytorch.org/docs">external</a><a href="#">self</a>')
    assert sorted(broken_links(tmp_path)) == ["day/one.html: ../_static/plot.png (no such file)",
                                              "index.html: day/one.html#nope (no such anchor)",
                                              "index.html: day/two.html (no such file)"]


@pytest.fixture(scope="session")
def site() -> Path:
    "The built site, rebuilt first when a notebook or library file is newer."
    if not site_is_fresh(ROOT):
        done = subprocess.run([sys.executable, "-m", "aicourse.course.cli", "nb", "docs"], cwd=ROOT,
                              capture_output=True, text=True)
        assert done.returncode == 0, f"docs build failed:\n{done.stdout}\n{done.stderr}"
    return DOCS


def test_every_internal_link_resolves(site: Path):
    assert (site / "index.html").is_file() and (site / "search.html").is_file()
    assert broken_links(site) == []


# --- in the browser ------------------------------------------------------------------------

class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    "The site served over HTTP on 127.0.0.1, from a thread of this process."
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    "Headless Chromium with a fresh profile."
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not Path(p).exists()]
    if missing:
        pytest.skip(f"no browser: {', '.join(missing)} missing (Debian: apt-get install chromium "
                    "chromium-driver; `make test` installs them when it runs as root)")
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (aicourse[dev])")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.set_page_load_timeout(WAIT_S)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def open_page(browser: Any, url: str) -> str:
    "Load `url` and return the visible text of its body."
    from selenium.webdriver.common.by import By

    browser.get(url)
    return browser.find_element(By.TAG_NAME, "body").text


def screenshot(browser: Any, name: str, capsys: pytest.CaptureFixture[str], anchor: str = "") -> Path:
    "Save the window as _docs/_screenshots/<name>.png, scrolled to element id `anchor` when given."
    if anchor:
        browser.execute_script(f"document.getElementById({anchor!r}).scrollIntoView()")
    path = SHOTS / f"{name}.png"
    assert browser.save_screenshot(str(path)), f"could not save {path}"
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
    return path


def test_home_page_lists_the_days(browser: Any, base_url: str, capsys: pytest.CaptureFixture[str]):
    from selenium.webdriver.common.by import By

    text = open_page(browser, f"{base_url}/index.html")
    assert "aicourse" in browser.title
    assert "The course map" in text
    for day in written_days():  # the sidebar: one entry per lesson, in order
        title = browser.find_element(By.CSS_SELECTOR, f'nav a[href="{lesson_page(day)}"]').text
        assert title.startswith(f"Day {day:02d}: "), title
    cells = [(row.find_elements(By.TAG_NAME, "td") or [None])[0] for row in browser.find_elements(By.CSS_SELECTOR, "main tr")]
    rows = {td.text: td.find_element(By.XPATH, "..") for td in cells if td is not None and td.text.isdigit()}
    assert len(rows) == len(DAYS), f"the course map lists {len(rows)} days, not {len(DAYS)}"
    assert get_day(1).title.replace("`", "") in rows["01"].text
    for day in written_days():  # redrawn at build time: a new lesson needs no re-synced home notebook
        link = rows[f"{day:02d}"].find_element(By.LINK_TEXT, "written")
        assert link.get_attribute("href").endswith(lesson_page(day)), day
    planned = [d.number for d in DAYS if d.number not in written_days()]
    if planned:
        assert not rows[f"{planned[0]:02d}"].find_elements(By.LINK_TEXT, "written")
    screenshot(browser, "home", capsys)
    screenshot(browser, "home-course-map", capsys, anchor="the-course-map")


def test_day_page_shows_code_outputs_and_links(browser: Any, base_url: str, capsys: pytest.CaptureFixture[str]):
    from selenium.webdriver.common.by import By

    text = open_page(browser, f"{base_url}/{lesson_page(1)}")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text.startswith("Day 01: ")
    code = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "div.cell_input")]
    outputs = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "div.cell_output")]
    assert any("def seed_everything" in c for c in code), "the exported code is shown"
    assert any(o.strip() for o in outputs), "the stored outputs are shown"
    assert "#|" not in text and "NBVAL_" not in text, "nbdev directives and nbval markers are dropped"
    prev = browser.find_element(By.CSS_SELECTOR, "a.left-prev").get_attribute("href")
    nxt = browser.find_element(By.CSS_SELECTOR, "a.right-next").get_attribute("href")
    assert prev.endswith("/index.html")
    if lesson_path(2, ROOT):
        assert nxt.endswith(lesson_page(2))
    if workbook_path(1, ROOT):
        hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "main a")]
        assert any(h.endswith("/days/day01.html") for h in hrefs), "the day links its workbook"
        workbook = open_page(browser, f"{base_url}/days/day01.html")
        assert "Exercise" in workbook
    open_page(browser, f"{base_url}/{lesson_page(1)}")
    screenshot(browser, "day01", capsys)
    screenshot(browser, "day01-outputs", capsys, anchor="seeds-runs-you-can-repeat")


def test_a_day_page_shows_a_plot(browser: Any, base_url: str, capsys: pytest.CaptureFixture[str]):
    from selenium.webdriver.common.by import By

    loaded = "return arguments[0].complete && arguments[0].naturalWidth > 0"
    for day in written_days():
        open_page(browser, f"{base_url}/{lesson_page(day)}")
        images = browser.find_elements(By.CSS_SELECTOR, "div.cell_output img")
        if images:
            assert all(browser.execute_script(loaded, img) for img in images), f"day {day:02d}: an image did not load"
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", images[0])
            screenshot(browser, f"day{day:02d}-plot", capsys)
            return
    pytest.xfail("no lesson stores a plot yet: no <img> from a notebook output on any day page")


def test_api_reference_documents_every_public_name(browser: Any, base_url: str):
    import ast

    for path in sorted((ROOT / "aicourse").glob("*.py")):
        names = next((ast.literal_eval(node.value) for node in ast.parse(path.read_text()).body
                      if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets)),
                     None)
        if names is None:
            continue
        open_page(browser, f"{base_url}/api/{path.stem}.html")
        ids = set(browser.execute_script("return Array.from(document.querySelectorAll('dt[id]'), e => e.id)"))
        missing = [n for n in names if f"aicourse.{path.stem}.{n}" not in ids]
        assert not missing, f"api/{path.stem}.html does not document {missing}"
    pages = sorted(p.stem for p in (ROOT / "_docs" / "api").glob("*.html"))
    assert not [p for p in pages if p.startswith(("course", "authoring", "cli", "devtools", "docsite"))], (
        f"the API reference covers the library only, not the course runtime or authoring tools: {pages}")


def test_search_finds_a_known_term(browser: Any, base_url: str, capsys: pytest.CaptureFixture[str]):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(browser, f"{base_url}/search.html?q=seed_everything")
    results = WebDriverWait(browser, WAIT_S).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results ul.search li a"))
    hrefs = [a.get_attribute("href") for a in results]
    assert any(lesson_page(1) in h for h in hrefs), f"day 01 is not among the results: {hrefs}"
    assert any("api/core.html" in h for h in hrefs), f"the API entry is not among the results: {hrefs}"
    screenshot(browser, "search", capsys)
