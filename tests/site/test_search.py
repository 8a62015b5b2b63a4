"""Material's search finds the specialty pages, from the home page and from the
tools' pages, where its index is only built at the first query."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.site.conftest import assert_same_origin

SEARCHES = [
    ("Maintenance des systèmes", "/specialites/maintenance-des-systemes/"),
    ("SIO", "/specialites/services-informatiques-aux-organisations/"),
]
# URL paths of the results shown (links carry ?h=... for highlighting and #section).
RESULT_PATHS = "() => [...document.querySelectorAll('.md-search-result__item a')].map(a => new URL(a.href).pathname)"
# Material's search worker and the lunr files it loads to build the index.
MATERIAL_SEARCH = ("/assets/javascripts/workers/search.", "/assets/javascripts/lunr/")
TOOL_READY = {
    "/outil/": "() => document.querySelector('#checklist[data-etat=pret]') !== null",
    "/outil/classe/": "() => document.getElementById('statut').textContent.startsWith('Moteur prêt')",
}


def search(page, query, expected) -> tuple:
    """Enters `query` in the search field at once, so that Material searches it
    alone (typed key by key, each prefix is searched and its results drawn);
    the result paths and the results' heading."""
    field = page.locator("input.md-search__input")
    field.click()
    field.fill(query)
    field.press("End")  # Material reads the field on keyup
    try:
        page.wait_for_function(f"path => ({RESULT_PATHS})().includes(path)", arg=expected, timeout=10_000)
    except PlaywrightTimeoutError:
        pass  # reported by the caller, with the results found instead
    return list(dict.fromkeys(page.evaluate(RESULT_PATHS))), page.locator(".md-search-result__meta").inner_text()


@pytest.mark.parametrize("query, expected", SEARCHES, ids=["maintenance-des-systemes", "SIO"])
def test_search_finds_the_specialty(page, page_log, server, query, expected):
    page.goto(server + "/", wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search field
    found, meta = search(page, query, expected)
    assert expected in found, f"La recherche « {query} » ne trouve pas {expected} ({meta}) ; résultats :\n" + "\n".join(
        f"  {path}" for path in found
    )
    assert_same_origin(page_log.requests, server)
    assert not page_log.console_errors + page_log.page_errors


@pytest.mark.parametrize("tool", TOOL_READY, ids=["outil", "classe"])
def test_tool_pages_build_the_search_index_at_the_first_query(page, page_log, server, tool):
    """Building the index takes a share of the machine while Pyodide boots: on a
    tool's page it waits for the first query, then finds what the home page finds."""
    query, expected = SEARCHES[0]
    page.goto(server + "/", wait_until="networkidle")
    home_results, _ = search(page, query, expected)
    assert expected in home_results

    requested = []
    page.context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(server + tool)
    page.wait_for_function(TOOL_READY[tool], timeout=120_000)
    page.wait_for_load_state("networkidle")
    assert "/search/search_index.json" in requested
    early = [path for path in requested if path.startswith(MATERIAL_SEARCH)]
    assert not early, f"Index de recherche construit au chargement de {tool} : {early}"

    found, meta = search(page, query, expected)
    assert found == home_results, f"{tool} ({meta}) : {found}\nau lieu de (accueil) : {home_results}"
    assert [path for path in requested if path.startswith(MATERIAL_SEARCH)], "le programme de recherche de Material n'a pas été chargé"
    assert_same_origin(page_log.requests, server)
    assert not page_log.console_errors + page_log.page_errors
