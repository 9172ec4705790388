"""Neo4j Browser of the test server, driven by headless Chromium (Debian's `chromium`).

The guide and the stylesheet come from the registry, served by the real API (its open /browser
routes, with the CORS answers the Browser needs). The Browser only fetches from hosts the
server allows, which the local server's configuration sets to loopback.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from neo4j import Driver
from playwright.sync_api import Locator, Page, expect, sync_playwright

from cypher.registry import get_registry
from graph.settings import Settings

# About how long the module takes (tests/e2e/fixtures.py runs long modules early).
pytestmark = [pytest.mark.browser, pytest.mark.lasts(seconds=17)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUERY = "neighbourhood"


@pytest.fixture(scope="module")
def guide_url(api_url: str) -> str:
    """Where the project serves the guide and the style: the API's open /browser routes."""
    return f"{api_url}/browser"


def command(page: Page, text: str) -> None:
    page.get_by_test_id("activeEditor").click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def connect(page: Page, settings: Settings) -> None:
    page.goto(settings.browser_url, wait_until="networkidle")
    page.get_by_test_id("bolt-scheme-select").select_option("bolt://")
    page.get_by_test_id("boltaddress").fill(f"127.0.0.1:{settings.effective_bolt_port}")
    page.get_by_test_id("username").fill(settings.neo4j_user)
    page.get_by_test_id("password").fill(settings.password())
    page.get_by_test_id("connect").click()
    page.get_by_text("You are connected as user").wait_for(timeout=30_000)


def apply_style(page: Page, url: str) -> None:
    # The Browser reads the server's allowlist just after connecting; until then it refuses.
    for _ in range(20):
        command(page, f":style {url}")
        frame = page.get_by_test_id("frame").first
        frame.get_by_test_id("frameContents").wait_for(timeout=10_000)
        if "node.Claim" in frame.inner_text():
            return
        time.sleep(0.5)
    pytest.fail(f"the Browser did not load the stylesheet: {frame.inner_text()[:300]}")


def settled(nodes: Locator, within: float = 15) -> None:
    """Wait until the force layout stops moving the drawn nodes (two reads in a row agree), so
    the screenshot shows the graph at rest."""
    deadline = time.monotonic() + within
    before = None
    while time.monotonic() < deadline:
        now = nodes.evaluate_all("ns => ns.map(n => n.getAttribute('transform'))")
        if now == before:
            return
        before = now
        nodes.page.wait_for_timeout(200)
    pytest.fail(f"the drawing still moved after {within} s")


def test_guide_runs_a_saved_query_and_draws_it(
    seed_graph: Driver, settings: Settings, guide_url: str, artifacts: Path
) -> None:
    assert CHROMIUM.is_file(), "install Debian's chromium: apt-get install -y chromium"
    ordered = sorted(get_registry().queries, key=lambda q: (q.area, q.name))
    slide = 2 + [q.name for q in ordered].index(QUERY)  # slides count from 1, after the intro
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            connect(page, settings)
            apply_style(page, f"{guide_url}/style.grass")
            command(page, f":play {guide_url}/guide.html#slide-{slide}")
            # Locators are lazy: pin the guide's frame by its carousel, not by its position.
            guide = page.get_by_test_id("frame").filter(has=page.get_by_test_id("carousel"))
            guide.get_by_text("Neighbourhood of an entity").first.wait_for(timeout=30_000)

            guide.locator("pre.runnable", has_text=":param id =>").first.click()
            page.get_by_test_id("editor-Run").click()
            # Every `:param` line of the script must have run before the query can use it.
            done = page.locator(
                '[data-testid="multi-statement-list-icon"][title="Status: success"]'
            )
            expect(done).to_have_count(len(get_registry().get(QUERY).params), timeout=30_000)

            # The query's first line, whatever it is: the block that runs the saved query.
            first = get_registry().get(QUERY).text.splitlines()[0]
            guide.locator("pre.runnable", has_text=first).first.click()
            page.get_by_test_id("editor-Run").click()
            result = page.get_by_test_id("frame").filter(has=page.locator("svg .node"))
            result.locator("svg .node").first.wait_for(timeout=30_000)
            settled(result.locator("svg .node"))
            page.screenshot(path=str(artifacts / "browser-saved-query.png"))

            # The example lists Sihanoukville's neighbours: each drawn with its edge to the city;
            # the Browser also draws edges among them (the GI-TOC study and the risk it reports).
            neighbours = len(get_registry().get(QUERY).examples[0].rows)
            assert result.locator("svg .node").count() == neighbours + 1
            assert result.locator("svg .relationship").count() == neighbours + 1
            labels = result.inner_text()
            for name in ("OPERATES_IN", "LOCATED_IN", "REPORTS_ON"):
                assert name in labels
        except Exception:
            page.screenshot(path=str(artifacts / "browser-failure.png"), full_page=True)
            raise
        finally:
            browser.close()


def test_server_lets_the_browser_fetch_from_loopback(driver: Driver, settings: Settings) -> None:
    """The Browser compares bare host names with this list (no ports, no wildcards)."""
    records, _, _ = driver.execute_query(
        "CALL dbms.clientConfig() YIELD name, value "
        "WHERE name = 'browser.remote_content_hostname_whitelist' RETURN value",
        database_=settings.neo4j_database,
    )
    allowed = [entry.strip() for entry in records[0]["value"].split(",")]
    assert {"127.0.0.1", "localhost"} <= set(allowed)
    assert not any(":" in entry.removeprefix("http://") for entry in allowed), allowed
