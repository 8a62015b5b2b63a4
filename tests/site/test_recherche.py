"""The tool pages' search settings point to the deferred search worker."""

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from jinja2.utils import htmlsafe_json_dumps

from build_tools.site.search import SearchConfigError, deferred_search

CONFIG = {
    "base": "../..",
    "features": ["search.highlight"],
    "translations": {"search.result.none": "Aucun document </script> trouvé"},
    "search": "../../assets/javascripts/workers/search.a7633da7.min.js",
}


def page_with(config) -> str:
    """A page with Material's settings, written as Material writes them (`tojson`)."""
    return (
        f'<html><head></head><body><p>avant</p><script id="__config" type="application/json">{htmlsafe_json_dumps(config)}'
        '</script><script src="bundle.js"></script></body></html>'
    )


def config_of(html: str) -> dict:
    return json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))


@pytest.mark.parametrize(
    "page_url, deferred, material",
    [
        ("outil/classe/", "../recherche-differee.js", "../../assets/javascripts/workers/search.a7633da7.min.js"),
        ("outil/", "recherche-differee.js", "../assets/javascripts/workers/search.a7633da7.min.js"),
        ("", "outil/recherche-differee.js", "assets/javascripts/workers/search.a7633da7.min.js"),
    ],
)
def test_the_deferred_worker_is_given_materials_worker_relative_to_itself(page_url, deferred, material):
    html = deferred_search(page_with({**CONFIG, "search": material}), page_url, deferred)
    address = urlsplit(config_of(html)["search"])
    assert address.path == deferred
    # The deferred worker lives in outil/: Material's worker is one folder up.
    assert parse_qs(address.query) == {"recherche": ["../assets/javascripts/workers/search.a7633da7.min.js"]}


def test_only_the_search_address_changes_and_the_page_stays_valid():
    original = page_with(CONFIG)
    html = deferred_search(original, "outil/classe/", "../recherche-differee.js")
    assert {k: v for k, v in config_of(html).items() if k != "search"} == {k: v for k, v in CONFIG.items() if k != "search"}
    assert html.count("</script>") == original.count("</script>")  # the translation's "</script>" stays escaped
    assert html.startswith("<html><head></head><body><p>avant</p>") and html.endswith('<script src="bundle.js"></script></body></html>')


@pytest.mark.parametrize(
    "html, named",
    [
        ("<html><body><p>pas de réglages</p></body></html>", "__config"),
        (page_with({"base": ".."}), "search"),
    ],
)
def test_a_page_without_materials_search_settings_is_refused(html, named):
    with pytest.raises(SearchConfigError, match=named):
        deferred_search(html, "outil/", "recherche-differee.js")
