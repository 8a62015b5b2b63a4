"""Fixtures for the built site: one build per session, served over HTTP, seen by Chromium.

The site is built lazily, once, by `site_dir()`: at collection time when a test
is parametrized over the site's pages (`site_page`), otherwise by the
`built_site` fixture. Helpers (`assert_same_origin`, `run_axe`, ...) are
imported by the test modules from here.
"""

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from build_tools.local_server import QuietHandler, SiteServer, launch_chromium
from build_tools.site.build import BuildError, build_site
from tests.conftest import EDITION, ROOT, RULES

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

_site = {}


def site_dir() -> Path:
    """The site built from the real rules (those of the `bundle` fixture), once per session, in a temporary folder.

    A failed build fails (once per test) the tests that need the site, not the
    collection of the whole suite."""
    if not _site:
        _site["tmp"] = Path(tempfile.mkdtemp(prefix="bts-site-tests-"))
        try:
            with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(RULES)}):
                _site["path"] = build_site(_site["tmp"] / "site")
        except BuildError as exc:
            _site["error"] = str(exc)
    if "error" in _site:
        pytest.fail(f"Le site ne se construit pas :\n{_site['error']}", pytrace=False)
    return _site["path"]


def site_pages(site: Path) -> list:
    """URL path of every page of a built site ('/', '/pieces/', ...); 404.html is not a page."""
    return sorted("/" if p.parent == site else f"/{p.parent.relative_to(site).as_posix()}/" for p in site.rglob("index.html"))


def pytest_generate_tests(metafunc):
    if "site_page" in metafunc.fixturenames:
        try:
            pages = site_pages(site_dir())
        except pytest.fail.Exception:
            pages = ["site-non-construit"]  # the test then fails in `built_site`, with the build error
        metafunc.parametrize("site_page", pages, ids=pages)


def pytest_unconfigure(config):
    if "tmp" in _site:
        shutil.rmtree(_site["tmp"], ignore_errors=True)


@pytest.fixture(scope="session")
def built_site() -> Path:
    return site_dir()


@pytest.fixture(scope="session")
def server(built_site):
    """Base URL ('http://127.0.0.1:PORT') of an HTTP server serving the built site."""
    with SiteServer(built_site, handler=QuietHandler) as site_server:
        yield site_server.url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What a page did during a test: every request URL, console errors, uncaught errors."""

    requests: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    page_errors: list = field(default_factory=list)


@pytest.fixture
def page_log():
    return PageLog()


@pytest.fixture
def page(browser, page_log):
    """A fresh page (own context, locale fr-FR) whose activity is recorded in `page_log`."""
    # The service worker would precache the reading part of the site (and, on a tool page, the runtime) in every test:
    # only the offline and security tests, which need it, allow it.
    context = browser.new_context(locale="fr-FR", service_workers="block")
    new_page = context.new_page()
    new_page.on("request", lambda request: page_log.requests.append(request.url))

    def on_console(message):
        if message.type == "error":
            where = message.location
            page_log.console_errors.append(f"{message.text} ({where.get('url')}:{where.get('lineNumber')})")

    new_page.on("console", on_console)
    new_page.on("pageerror", lambda error: page_log.page_errors.append(str(error)))
    yield new_page
    context.close()


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def foreign_requests(requests, base: str) -> list:
    return [url for url in requests if not url.startswith(("data:", "blob:")) and origin(url) != origin(base)]


def assert_same_origin(requests, base: str):
    foreign = foreign_requests(requests, base)
    assert not foreign, "Requêtes hors du site :\n" + "\n".join(f"  {url}" for url in foreign)


def plain_spaces(text: str) -> str:
    """A page's text with its no-break spaces (French typography) as plain spaces, to compare with a message."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def run_axe(page) -> list:
    """axe-core violations of impact serious or critical on the current page."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # not a <script> tag: the site's CSP forbids inline scripts
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def describe_violations(violations) -> str:
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']} : {violation['help']} ({violation['helpUrl']})")
        lines += [f"      {' '.join(map(str, node['target']))}" for node in violation["nodes"]]
    return "\n".join(lines)


@pytest.fixture
def rules_copy(tmp_path, monkeypatch) -> Path:
    """A private copy of rules/2026 (without its test cases), used by the builds of this test."""
    edition = tmp_path / "rules" / EDITION.name
    shutil.copytree(EDITION, edition, ignore=shutil.ignore_patterns("cas"))
    monkeypatch.setenv("BTS_INSCRIPTION_REGLES", str(edition.parent))
    return edition


# Runs in the page: starts the tool's worker, configured by its URL (the protocol
# of moteur.worker.mjs), posts every profile, waits for every answer. Profiles come in and answers go out as JSON text, so that nothing is
# lost on the way (lone surrogates, -0); `recu` is the profile as the worker
# received it, after JavaScript's own JSON round trip.
RUN_IN_WORKER = """async (texteProfils) => {
    const profils = JSON.parse(texteProfils);
    const worker = new Worker('/outil/moteur.worker.mjs?regles=/regles/2026.json&pyodide=/pyodide/', { type: 'module' });
    const reponses = new Map();
    const fini = new Promise((resoudre, rejeter) => {
      worker.onerror = (erreur) => rejeter(new Error(erreur.message));
      worker.onmessage = ({ data }) => {
        if (data.echec) rejeter(new Error(data.echec));
        if (data.id === undefined) return;
        // The worker answers with JSON text (moteur.mjs parses it): read as the page reads it.
        reponses.set(data.id, data.ok ? { ok: true, resultat: JSON.parse(data.json) } : data);
        if (reponses.size === profils.length) resoudre();
      };
    });
    profils.forEach((donnees, id) => worker.postMessage({ id, appel: 'checklist', donnees }));
    await fini;
    worker.terminate();
    return JSON.stringify(profils.map((profil, id) => ({ recu: JSON.stringify(profil), reponse: reponses.get(id) })));
}"""


def checklists_in_pyodide(page, server, profiles) -> list:
    """[{"recu": profile as the worker got it (JSON text), "reponse": its answer}]
    for each profile, computed by the site's own engine worker."""
    page.goto(f"{server}/outil/")
    return json.loads(page.evaluate(RUN_IN_WORKER, json.dumps(profiles)))
