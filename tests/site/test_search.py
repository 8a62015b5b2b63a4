"""Material's search, from the home page, finds the specialty pages."""

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.site.conftest import assert_same_origin

SEARCHES = [
    ("Maintenance des systèmes", "/specialites/maintenance-des-systemes/"),
    ("SIO", "/specialites/services-informatiques-aux-organisations/"),
]
# URL paths of the results shown (links carry ?h=... for highlighting and #section).
RESULT_PATHS = "() => [...document.querySelectorAll('.md-search-result__item a')].map(a => new URL(a.href).pathname)"


@pytest.mark.parametrize("query, expected", SEARCHES, ids=["maintenance-des-systemes", "SIO"])
def test_search_finds_the_specialty(page, page_log, server, query, expected):
    page.goto(server + "/", wait_until="networkidle")
    page.keyboard.press("/")  # Material's shortcut to the search field
    page.locator("input.md-search__input").press_sequentially(query)
    try:  # results are redrawn as the query is typed: wait for the expected one
        page.wait_for_function(f"path => ({RESULT_PATHS})().includes(path)", arg=expected, timeout=10_000)
    except PlaywrightTimeoutError:
        pass  # reported below, with the results found instead
    found = list(dict.fromkeys(page.evaluate(RESULT_PATHS)))
    meta = page.locator(".md-search-result__meta").inner_text()
    assert expected in found, (f"La recherche « {query} » ne trouve pas {expected} ({meta}) ; résultats :\n"
                               + "\n".join(f"  {path}" for path in found))
    assert_same_origin(page_log.requests, server)
    assert not page_log.console_errors + page_log.page_errors
