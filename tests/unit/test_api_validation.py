"""What the API answers before it needs the graph: bad parameters and bodies (422, 415), its
OpenAPI contract, the routes the README shows, and the Browser guide and style."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factfiles import SMALL_FACT_FILE
from tests.paths import PROJECT_ROOT

PROBLEM = "application/problem+json"


def get(app: httpx.Client, path: str, headers: dict[str, str], **params: Any) -> httpx.Response:
    return app.get(path, params=params, headers=headers, timeout=30)


def test_search_rejects_empty_and_unknown_type(app: httpx.Client, reader: dict[str, str]) -> None:
    empty = get(app, "/entities/search", reader, text="")
    assert empty.status_code == 422
    assert empty.headers["content-type"].startswith(PROBLEM)
    bad_type = get(app, "/entities/search", reader, text="x", type="Dragon")
    assert bad_type.status_code == 422
    assert bad_type.json()["errors"][0]["field"] == "type"


def test_openapi_shows_each_querys_own_parameters(app: httpx.Client) -> None:
    spec = app.get("/openapi.json", timeout=30).json()
    operation = spec["paths"]["/queries/neighbourhood/run"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"id", "depth", "as_of", "format", "page", "per_page"} <= names


def test_readme_curl_examples_name_real_routes(app: httpx.Client) -> None:
    spec = app.get("/openapi.json", timeout=30).json()
    readme = (PROJECT_ROOT / "README.md").read_text()
    shown = [
        line.split("$API")[1].split("?")[0].split("'")[0].split('"')[0]
        for line in readme.splitlines()
        if "curl" in line and "$API" in line
    ]
    assert shown, "the README shows the API with curl"
    templates = list(spec["paths"])
    for path in shown:
        assert any(_matches(path, t) for t in templates), f"README shows {path}, not a route"


def _matches(path: str, template: str) -> bool:
    a, b = path.strip("/").split("/"), template.strip("/").split("/")
    return len(a) == len(b) and all(y.startswith("{") or x == y for x, y in zip(a, b, strict=True))


def test_browser_guide_and_style_are_served_for_the_browser(app: httpx.Client) -> None:
    guide = app.get("/browser/guide.html", timeout=30)
    assert guide.status_code == 200
    assert guide.headers["access-control-allow-origin"] == "*"
    assert "complicity_chain" in guide.text or "Complicity" in guide.text
    assert ":param" in guide.text
    style = app.get("/browser/style.grass", timeout=30)
    assert "node.Claim" in style.text and "node.Person" in style.text
    preflight = app.options("/browser/guide.html", timeout=30)
    assert preflight.status_code == 204
    assert "GET" in preflight.headers["access-control-allow-methods"]


def test_a_bad_form_is_a_clear_422(app: httpx.Client, writer: dict[str, str]) -> None:
    no_file = app.post("/ingest", files={"text": ("t.txt", b"words")}, headers=writer, timeout=60)
    assert no_file.status_code == 422
    assert "fact_file" in no_file.json()["detail"]
    extra = app.post(
        "/ingest",
        files={"fact_file": ("r.yaml", b"a"), "text": ("t.txt", b"b"), "more": ("m", b"c")},
        headers=writer,
        timeout=60,
    )
    assert extra.status_code == 422
    assert extra.json()["detail"].startswith("the form cannot be read")
    bad_text = app.post(
        "/ingest",
        files={"fact_file": ("r.yaml", SMALL_FACT_FILE.encode()), "text": ("t.txt", b"\xff\xfe")},
        headers=writer,
        timeout=60,
    )
    assert bad_text.status_code == 422
    assert bad_text.json()["detail"].startswith("the `text` part is not UTF-8")
