"""Offline use: after one visit of a page, the service worker serves the pages
and the search with no network, in at most 3 MB; once a tool page has been
opened, the tools and their Python runtime too; a new build replaces the
offline copy. No page.route here: Playwright's routing bypasses service workers."""

from pathlib import Path

import pytest

from build_tools.local_server import SiteServer
from build_tools.site.build import build_site
from build_tools.site.offline import READING, REGISTRATION, TOOL, WORKER, add_service_worker, precached_files, precached_parts
from tests.editions.fixture import make_rules
from tests.test_classe import FIXTURE

CHECKLIST_READY = "#checklist[data-etat=pret]"
CLASS_RESULT = "#resultat-classe"
READING_BUDGET = 3_000_000  # bytes


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="fr-FR", service_workers="allow")
    yield context
    context.close()


def wait_until_offline_ready(page) -> list:
    """Wait for the service worker to be active (precache complete: install
    waits for it), reload so the page is controlled; returns the cache names."""
    page.evaluate("""() => Promise.race([
        navigator.serviceWorker.ready,
        new Promise((_, rejeter) => setTimeout(() => rejeter(new Error("service worker non actif")), 60000)),
    ])""")
    page.reload()
    assert page.evaluate("() => navigator.serviceWorker.controller !== null"), "page non contrôlée par le service worker"
    return page.evaluate("() => caches.keys()")


def cached_paths(page, name) -> list:
    """Paths (relative to the site root) of the entries of cache `name`."""
    return page.evaluate(
        """async (nom) => {
        const racine = new URL((await navigator.serviceWorker.ready).scope).pathname;
        const cles = await (await caches.open(nom)).keys();
        return cles.map((requete) => new URL(requete.url).pathname.slice(racine.length));
    }""",
        name,
    )


def cached_bytes(page, name) -> int:
    return page.evaluate(
        """async (nom) => {
        const cache = await caches.open(nom);
        let total = 0;
        for (const requete of await cache.keys()) total += (await (await cache.match(requete)).blob()).size;
        return total;
    }""",
        name,
    )


def wait_for_tool_part(page, name, site: Path) -> None:
    """The tool part is cached after the page's message: wait until all of it is."""
    expected = set(precached_files(site))
    for _ in range(1200):
        if set(cached_paths(page, name)) >= expected:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"partie outil absente du cache : {sorted(expected - set(cached_paths(page, name)))[:5]}")


def test_reading_one_page_precaches_the_pages_and_the_search_only(context, built_site):
    server = SiteServer(built_site)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server.url}/pieces/")
        names = wait_until_offline_ready(page)
        assert len(names) == 1 and names[0].endswith(precached_version(built_site))
        paths = cached_paths(page, names[0])
        assert sorted(paths) == sorted(precached_parts(built_site)[READING])
        assert not [path for path in paths if path.endswith(".wasm") or path.startswith("pyodide/")]
        assert cached_bytes(page, names[0]) <= READING_BUDGET
    finally:
        server.stop()  # no network at all: the server is gone too
    context.set_offline(True)

    page.reload()
    assert page.locator("h1").first.inner_text().startswith("Pièces justificatives")
    assert "19 novembre 2025" in page.inner_text("article")
    page.goto(f"{server.url}/")
    assert "Inscription au BTS" in page.title()

    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Maintenance des systèmes")
    page.wait_for_selector(".md-search-result__item a[href*='specialites/maintenance-des-systemes/']", timeout=15_000)

    # A directory URL without its final slash, as a link typed by hand.
    page.goto(f"{server.url}/contacts")
    assert page.url == f"{server.url}/contacts/"
    assert not errors


def test_the_tools_work_offline_once_a_tool_page_has_been_opened(context, built_site):
    server = SiteServer(built_site)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{server.url}/outil/")
        page.wait_for_selector(CHECKLIST_READY, state="attached", timeout=120_000)
        [name] = wait_until_offline_ready(page)
        wait_for_tool_part(page, name, built_site)
        assert set(precached_parts(built_site)[TOOL]) <= set(cached_paths(page, name))
    finally:
        server.stop()
    context.set_offline(True)

    page.goto(f"{server.url}/outil/")
    page.wait_for_selector(CHECKLIST_READY, state="attached", timeout=120_000)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "batiment")
    page.wait_for_timeout(50)
    page.wait_for_selector(CHECKLIST_READY, state="attached", timeout=30_000)
    pieces = page.eval_on_selector_all("#checklist [data-piece]", "els => els.map(e => e.dataset.piece)")
    assert "certificats_scolarite" in pieces

    page.goto(f"{server.url}/outil/classe/")
    page.wait_for_function("() => document.getElementById('statut').textContent.startsWith('Moteur prêt')", timeout=120_000)
    page.set_input_files("#fichier-classe", str(FIXTURE))
    page.wait_for_selector(f"{CLASS_RESULT}[data-etat=pret], {CLASS_RESULT}[data-etat=erreur]", state="attached", timeout=120_000)
    assert page.get_attribute(CLASS_RESULT, "data-etat") == "pret"
    assert page.locator("#matrice tbody tr").count() == 5
    assert not errors


def test_a_new_build_replaces_the_offline_copy(context, rules_copy, tmp_path):
    site = build_site(tmp_path / "site")
    server = SiteServer(site)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/")
        [old_cache] = wait_until_offline_ready(page)
        assert "19 novembre 2025" in page.inner_text("article")

        calendar = rules_copy / "calendrier.yaml"
        text = calendar.read_text(encoding="utf-8")
        assert 'date: "2025-11-19"' in text
        calendar.write_text(text.replace('date: "2025-11-19"', 'date: "2025-11-21"', 1), encoding="utf-8")
        build_site(site)

        page.reload()  # the browser sees a new sw.js: the new worker installs, then takes over
        names = page.evaluate(
            """async (ancien) => {
            for (let essai = 0; essai < 600; essai += 1) {
                const noms = await caches.keys();
                if (noms.length === 1 && noms[0] !== ancien) return noms;
                await new Promise((attendre) => setTimeout(attendre, 100));
            }
            return caches.keys();
        }""",
            old_cache,
        )
        assert len(names) == 1 and names[0].endswith(precached_version(site)), names
        page.reload()
        assert "21 novembre 2025" in page.inner_text("article")
        assert "19 novembre 2025" not in page.inner_text("article")
    finally:
        server.stop()


def test_older_editions_work_offline_under_the_root_worker(context, tmp_path, monkeypatch):
    monkeypatch.setenv("BTS_INSCRIPTION_REGLES", str(make_rules(tmp_path / "rules")))
    site = build_site(tmp_path / "site")
    assert (site / "2026" / "outil" / "index.html").exists()
    server = SiteServer(site)
    page = context.new_page()
    try:
        page.goto(f"{server.url}/2026/outil/")  # a first visit to an older edition's tool is enough
        [name] = wait_until_offline_ready(page)
        wait_for_tool_part(page, name, site)
        assert page.evaluate("async () => (await navigator.serviceWorker.ready).scope") == f"{server.url}/"
        assert page.evaluate("() => navigator.serviceWorker.controller.scriptURL") == f"{server.url}/{WORKER}"
    finally:
        server.stop()
    context.set_offline(True)
    page.goto(f"{server.url}/2026/outil/")
    page.wait_for_selector(CHECKLIST_READY, state="attached", timeout=120_000)
    assert "édition 2026" in page.inner_text("#tampon-checklist")
    page.goto(f"{server.url}/outil/")
    page.wait_for_selector(CHECKLIST_READY, state="attached", timeout=120_000)
    assert "édition 2027" in page.inner_text("#tampon-checklist")


def precached_version(site: Path) -> str:
    for line in (site / WORKER).read_text(encoding="utf-8").splitlines():
        if line.startswith("const VERSION = "):
            return line.split('"')[1]
    raise AssertionError("VERSION absente de sw.js")


# ---------- the build side, on a small hand-made site ----------

PAGE = '<!doctype html>\n<html><head>\n<meta charset="utf-8">\n<title>t</title>\n</head><body></body></html>\n'


def test_every_page_of_every_edition_registers_the_root_worker(tmp_path):
    site = tmp_path / "site"
    for page in ("index.html", "pieces/index.html", "2026/index.html", "2026/pieces/index.html", "2026/outil/index.html", "404.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(PAGE, encoding="utf-8")
    for name in (
        "sitemap.xml",
        "sitemap.xml.gz",
        "_headers",
        "2026/sitemap.xml.gz",
        "assets/app.js.map",
        "pyodide/pyodide.asm.wasm",
        "pyodide/pyodide.asm.wasm.br",
        "index.html.gz",
        "regles/2026.json",
        "search/search_index.json",
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        "assets/javascripts/lunr/min/lunr.de.min.js",
        "assets/javascripts/lunr/wordcut.js",
    ):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(b'{"config": {"lang": ["fr"]}}' if name.endswith("search_index.json") else b"x")

    files = add_service_worker(site)
    add_service_worker(site)  # idempotent

    expected = {
        "index.html": "enregistrer-sw.js",
        "pieces/index.html": "../enregistrer-sw.js",
        "2026/index.html": "../enregistrer-sw.js",
        "2026/pieces/index.html": "../../enregistrer-sw.js",
    }
    for page, src in expected.items():
        html = (site / page).read_text(encoding="utf-8")
        assert html.count(f'<script src="{src}" defer></script>') == 1, page
        assert html.index(src) < html.index("</head>")
    assert "enregistrer-sw.js" not in (site / "404.html").read_text(encoding="utf-8")
    assert (site / REGISTRATION).exists()
    assert sorted(files) == [
        "2026/index.html",
        "2026/outil/index.html",
        "2026/pieces/index.html",
        "404.html",
        "assets/javascripts/lunr/min/lunr.fr.min.js",
        REGISTRATION,
        "index.html",
        "pieces/index.html",
        "pyodide/pyodide.asm.wasm",
        "regles/2026.json",
        "search/search_index.json",
    ]
    assert sorted(precached_parts(site)[TOOL]) == ["2026/outil/index.html", "pyodide/pyodide.asm.wasm", "regles/2026.json"]
    worker = (site / WORKER).read_text(encoding="utf-8")
    version = precached_version(site)

    (site / "regles/2026.json").write_bytes(b"y")
    assert add_service_worker(site)["regles/2026.json"] != files["regles/2026.json"]
    assert precached_version(site) != version
    assert (site / WORKER).read_text(encoding="utf-8") != worker
