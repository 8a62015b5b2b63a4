"""Content security policy: every page carries its meta policy, the host's
`_headers` carries the same one plus frame-ancestors, and nothing the site
does (pages, search, service worker, both tools and their Pyodide worker)
violates them or leaves the site's origin. The test server sends `_headers`,
as the static host would, so both policies are enforced, workers included."""

import re

import pytest

from build_tools.local_server import SiteServer, read_headers_file
from build_tools.site.security import add_content_security_policy, inline_script_hashes, policy
from tests.site.conftest import assert_same_origin, site_pages
from tests.test_classe import FIXTURE, xlsx_from_csv

DIRECTIVES = {
    "default-src": ["'self'"],
    "worker-src": ["'self'"],
    "connect-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`);
});
"""

# The page's meta policy, whether it comes before every script, and the sha256
# of the inline scripts the browser runs (computed by the browser itself).
PAGE_POLICY = """async () => {
  const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  const premier = document.head.querySelector('meta[http-equiv="Content-Security-Policy"], script');
  const donnees = (s) => s.type && !/^(module|text\\/javascript|application\\/javascript)$/i.test(s.type);
  const inline = [...document.scripts].filter((s) => !s.src && !donnees(s));
  const empreintes = await Promise.all(inline.map(async (s) => {
    const octets = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(s.text));
    return btoa(String.fromCharCode(...new Uint8Array(octets)));
  }));
  return { politique: meta && meta.content, enPremier: premier === meta, empreintes };
}"""


def directives(csp: str) -> dict:
    parsed = {}
    for directive in filter(None, (part.strip() for part in csp.split(";"))):
        name, *values = directive.split()
        parsed[name] = values
    return parsed


def script_hashes(csp: str) -> set:
    return {re.fullmatch(r"'sha256-(.+)'", v).group(1) for v in directives(csp)["script-src"] if v.startswith("'sha256-")}


class Watch:
    """Violations and requests of a browser context."""

    def __init__(self, context):
        self.requests, self.console = [], []
        context.add_init_script(RECORD_VIOLATIONS)
        context.on("request", lambda request: self.requests.append(request.url))

    def page(self, context):
        page = context.new_page()
        page.on("console", lambda m: self.console.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda error: self.console.append(f"erreur : {error}"))
        return page


@pytest.fixture
def host(built_site):
    server = SiteServer(built_site)
    yield server.url
    server.stop()


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="fr-FR", service_workers="allow")
    yield context
    context.close()


def test_every_page_has_its_policy_and_violates_nothing(context, host, built_site):
    watch = Watch(context)
    page = watch.page(context)
    problems = []
    for path in site_pages(built_site) + ["/404.html"]:
        page.goto(host + path, wait_until="networkidle")
        found = page.evaluate(PAGE_POLICY)
        if not found["politique"]:
            problems.append(f"{path} : pas de politique")
            continue
        csp = directives(found["politique"])
        csp["script-src"] = sorted(csp.get("script-src", []))
        expected = {
            **DIRECTIVES,
            "script-src": sorted(["'self'", "'wasm-unsafe-eval'"] + [f"'sha256-{h}'" for h in set(found["empreintes"])]),
        }
        if csp != expected:
            problems.append(f"{path} : politique inattendue {found['politique']}")
        if not found["enPremier"]:
            problems.append(f"{path} : un script précède la politique")
        violations = page.evaluate("window.__violations")
        problems += [f"{path} : {v}" for v in violations]
    # Search, from the home page: Material's search worker and its index.
    page.goto(host + "/")
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("Maintenance des systèmes")
    page.wait_for_selector(".md-search-result__item", timeout=15_000)
    problems += [f"/ (recherche) : {v}" for v in page.evaluate("window.__violations")]
    assert not problems + watch.console, "\n".join(problems + watch.console)
    assert_same_origin(watch.requests, host)


def test_the_tools_violate_nothing(context, host, tmp_path):
    watch = Watch(context)
    page = watch.page(context)
    page.goto(host + "/outil/")
    page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "batiment")
    page.wait_for_timeout(50)
    page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=30_000)
    assert page.locator("#checklist [data-piece]").count() > 0
    page.fill("#fiche-nom_famille", "Dupont")
    page.press("#fiche-nom_famille", "Enter")  # no form is ever submitted (form-action 'none')
    with page.expect_download():
        page.click("#bouton-telecharger")
    violations = page.evaluate("window.__violations")

    page.goto(host + "/outil/classe/")
    page.wait_for_function("() => document.getElementById('statut').textContent.startsWith('Moteur prêt')", timeout=120_000)
    for upload in (FIXTURE, xlsx_from_csv(FIXTURE, tmp_path / "classe.xlsx")):  # XLSX: openpyxl, loaded later
        page.evaluate("document.getElementById('resultat-classe').dataset.etat = 'attente'")
        page.set_input_files("#fichier-classe", str(upload))
        page.wait_for_selector("#resultat-classe[data-etat=pret], #resultat-classe[data-etat=erreur]", state="attached", timeout=120_000)
        assert page.get_attribute("#resultat-classe", "data-etat") == "pret", upload.name
    with page.expect_download():
        page.click("#bouton-export")
    violations += page.evaluate("window.__violations")
    assert not violations + watch.console, "\n".join(violations + watch.console)
    assert_same_origin(watch.requests, host)


def test_the_watch_sees_a_violation(context, host):
    """The checks above would see a violation: an injected inline script and style attribute."""
    watch = Watch(context)
    page = watch.page(context)
    page.goto(host + "/pieces/")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.injecte = true";
        document.body.append(script);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">rouge</p>');
    }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.injecte") is None
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith("style-src") for v in violations), violations
    assert any("Content Security Policy" in text for text in watch.console)


def test_headers_file_adds_frame_ancestors_and_covers_every_page(built_site):
    [(pattern, headers)] = read_headers_file(built_site)
    assert pattern == "/*"
    [(name, site_policy)] = headers
    assert name == "Content-Security-Policy"
    assert directives(site_policy)["frame-ancestors"] == ["'none'"]
    union = set()
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1)
        assert script_hashes(meta) == inline_script_hashes(html), page
        union |= script_hashes(meta)
    assert site_policy == f"{policy(union)}; frame-ancestors 'none'"


# ---------- the build side, on hand-made pages ----------


def test_only_executed_inline_scripts_are_hashed():
    html = (
        "<head><script>a()</script><script type='module'>b()</script><script src='x.js'></script>"
        '<script type="application/json">{"c": 1}</script><script type=\'text/JavaScript\'>d()</script>'
        "<script type='application/ld+json'>{}</script></head>"
    )
    assert inline_script_hashes(html) == {
        "qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4=",  # a()
        "cf242PFc/kb7xD0Qzhsmd9vvRkc+cWFmbi+k+YvtdKc=",  # b()
        "4zBr8UBpE9eDnLz2rHNIBoz7HsYVPjh/vsTpDpPSmAA=",  # d()
    }


def test_the_policy_comes_first_and_once(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<!doctype html>\n<html><head>\n<meta charset="utf-8">\n<script>a()</script>\n</head></html>\n', encoding="utf-8")
    add_content_security_policy(tmp_path)
    add_content_security_policy(tmp_path)
    html = page.read_text(encoding="utf-8")
    assert html.count("Content-Security-Policy") == 1
    assert html.index('<meta charset="utf-8">') < html.index("Content-Security-Policy") < html.index("<script>")
    assert (tmp_path / "_headers").exists()
