"""The dashboard in headless Chromium (Playwright driving the system's Chromium): each page loads,
the layout is right-to-left, clicking an event opens the document with its sentence and actors
highlighted, and article text with markup stays text. Screenshots go to test-artifacts/."""
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory, pipeline):
    import uvicorn

    from rasd.corpus.ingest import ingest
    from rasd.corpus.store import Store
    from rasd.web.api import create_app

    db = tmp_path_factory.mktemp("browser") / "rasd.duckdb"
    with Store(db) as store:
        ingest([str(SAMPLES / "corpus.jsonl")], store, pipeline)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(base_url):
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        pg = browser.new_page(viewport={"width": 1200, "height": 900})
        errors = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.goto(base_url)
        pg.wait_for_selector("#event-table tbody tr")
        yield pg, errors
        browser.close()


def test_browser_events_page_is_rtl_and_lists_events(page):
    pg, errors = page
    assert pg.evaluate("document.documentElement.dir") == "rtl"
    assert pg.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert pg.locator("#event-table tbody tr").count() == 50
    pg.screenshot(path=str(ARTIFACTS / "events.png"))
    assert errors == []


def test_browser_click_event_highlights_sentence_and_actors(page):
    pg, errors = page
    pg.fill("#filters input[name=q]", "حفتر")
    pg.click("#filters button[type=submit]")
    pg.wait_for_timeout(500)
    pg.locator("#event-table tbody tr").first.click()
    pg.wait_for_selector("#reader:not([hidden]) #doc-text mark")
    assert pg.locator("#doc-text .active").count() > 0  # the event's sentence
    pg.locator("#doc-events li").first.click()
    assert pg.locator("#doc-text .active").count() > 0
    marks = pg.locator("#doc-text mark.ent").count()
    assert marks > 0
    pg.screenshot(path=str(ARTIFACTS / "reader.png"))
    assert errors == []


def test_browser_markup_in_articles_stays_text(page):
    pg, errors = page
    pg.click("nav [data-view=events]")
    pg.fill("#filters input[name=q]", "")
    pg.fill("#filters input[name=since]", "2020-08-24")
    pg.fill("#filters input[name=until]", "2020-08-24")
    pg.click("#filters button[type=submit]")
    pg.wait_for_timeout(500)
    rows = pg.locator("#event-table tbody tr")
    if rows.count():
        rows.first.click()
        pg.wait_for_selector("#reader:not([hidden])")
        text = pg.inner_text("#doc-text")
        assert "<script>alert(1)</script>" in text  # shown as text ...
        assert pg.locator("#doc-text script, #doc-text img").count() == 0  # ... never as elements
    assert pg.evaluate("window.__xss === undefined")
    assert errors == []


def test_browser_timeline_digest_and_language_toggle(page):
    pg, errors = page
    pg.click("nav [data-view=timeline]")
    pg.wait_for_selector("#timeline-svg rect")
    pg.screenshot(path=str(ARTIFACTS / "timeline.png"))
    pg.click("nav [data-view=digest]")
    pg.click("#digest-form button[type=submit]")
    pg.wait_for_selector("#digest-body h2")
    assert pg.inner_text("#digest-body h2").startswith("حصاد")
    pg.screenshot(path=str(ARTIFACTS / "digest.png"))
    pg.click("#lang")
    assert pg.evaluate("document.documentElement.dir") == "ltr"
    assert pg.inner_text("nav [data-view=events]") == "Events"
    assert errors == []


def test_browser_map_and_actor_network(page):
    pg, errors = page
    pg.click("nav [data-view=map]")
    pg.wait_for_selector("#map-svg circle")
    basemap = Path(__file__).resolve().parents[1] / "src" / "rasd" / "web" / "static" / "vendor" / "countries-110m.json"
    if basemap.is_file():  # installed by `make install` through npm
        assert pg.locator("#map-svg path").count() > 100
    pg.screenshot(path=str(ARTIFACTS / "map.png"))
    pg.click("nav [data-view=network]")
    pg.wait_for_selector("#network-svg line")
    assert pg.locator("#network-svg circle").count() >= 5
    pg.screenshot(path=str(ARTIFACTS / "network.png"))
    assert errors == []
