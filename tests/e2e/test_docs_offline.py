"""The API's manual (/docs, Swagger UI; /redoc, ReDoc) renders with the network cut off: its
scripts and styles come from the app itself, never from a CDN. Headless Chromium (Debian's
`chromium`) loads the pages; every request that leaves the API's own host is refused and kept.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Route, expect, sync_playwright

from tests.e2e.test_browser import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def test_docs_pages_name_only_the_apps_own_assets(api_url: str) -> None:
    for path in ("/docs", "/redoc"):
        page = httpx.get(f"{api_url}{path}", timeout=30)
        assert page.status_code == 200
        assert "cdn" not in page.text.lower() and "googleapis" not in page.text
    script = httpx.get(f"{api_url}/docs-assets/swagger-ui-bundle.js", timeout=30)
    assert script.status_code == 200 and len(script.content) > 100_000


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("/docs", ".swagger-ui .info .title"),
        ("/redoc", "h1"),
    ],
)
def test_manual_renders_with_the_network_blocked(api_url: str, path: str, shown: str) -> None:
    own = urlsplit(api_url).netloc
    refused: list[str] = []

    def only_the_api(route: Route) -> None:
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", only_the_api)
            page.goto(f"{api_url}{path}", wait_until="networkidle")
            expect(page.locator(shown).first).to_contain_text("tipgraph", timeout=30_000)
            # The operations are drawn, not only the title: a saved query's run route.
            expect(page.get_by_text("Neighbourhood of an entity").first).to_be_attached()
        finally:
            browser.close()
    # ReDoc's bundle asks for its maker's logo (cdn.redoc.ly); refused, it leaves only a blank
    # corner. Nothing the manual needs is fetched from elsewhere.
    assert [u for u in refused if not u.endswith("/redoc/logo-mini.svg")] == []
