"""Content security policy: every page carries its meta policy (no WebAssembly),
the host's `_headers` refuses framing everywhere and gives each worker script
its own policy (WebAssembly for the engine's only), and nothing the site does
(pages, search, service worker, both tools and their Pyodide worker) violates
them or leaves the site's origin. The test server sends `_headers`, as the
static host would, so both policies are enforced, workers included. Framed
where no header is sent, a page leaves the frame or shows nothing."""

import re

import pytest

from build_tools.local_server import QuietHandler, SiteServer, read_headers_file
from build_tools.site.security import (
    SITE_WIDE_POLICY,
    UnknownScript,
    add_content_security_policy,
    inline_script_hashes,
    known_shapes,
    policy,
    worker_paths,
)
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
            "script-src": sorted(["'self'"] + [f"'sha256-{h}'" for h in set(found["empreintes"])]),
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


def test_headers_refuse_framing_everywhere_and_give_each_worker_its_policy(built_site):
    rules = dict(read_headers_file(built_site))
    assert rules.pop("/*") == [("Content-Security-Policy", SITE_WIDE_POLICY), ("X-Frame-Options", "DENY")]
    assert directives(SITE_WIDE_POLICY)["frame-ancestors"] == ["'none'"]
    assert "script-src" not in directives(SITE_WIDE_POLICY) and "default-src" not in directives(SITE_WIDE_POLICY)
    workers = worker_paths(built_site)
    assert {"/outil/moteur.worker.mjs", "/outil/recherche-differee.js", "/sw.js"} <= set(workers)
    assert any(path.startswith("/assets/javascripts/workers/search.") for path in workers)
    assert set(rules) == set(workers)
    for path, headers in rules.items():
        [(name, worker_policy)] = headers
        assert name == "Content-Security-Policy"
        assert worker_policy == policy((), wasm=path.endswith("/moteur.worker.mjs")), path
        assert (built_site / path.lstrip("/")).is_file(), path
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', html).group(1)
        assert script_hashes(meta) == inline_script_hashes(html), page
        assert "'wasm-unsafe-eval'" not in directives(meta)["script-src"], page


# In a page, or in a worker: whether WebAssembly compiles (the bytes are the
# smallest module: magic number and version), and whether a data: URL can be
# fetched (connect-src 'self' refuses it), under the policy it runs with.
PROBE = """async () => {
  const result = {};
  try { await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); result.wasm = "permis"; }
  catch (error) { result.wasm = error.name; }
  try { await fetch("data:text/plain,x"); result.connexion = "permis"; } catch (error) { result.connexion = error.name; }
  return result;
}"""


def engine_worker(page):
    page.wait_for_function("() => window.btsMoteurDemarre", timeout=30_000)
    return next(w for w in page.workers if "moteur.worker.mjs" in w.url)


def test_only_the_engine_worker_may_run_webassembly(context, host):
    page = context.new_page()
    page.goto(host + "/outil/")
    page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
    assert page.evaluate(PROBE) == {"wasm": "CompileError", "connexion": "TypeError"}
    assert engine_worker(page).evaluate(PROBE) == {"wasm": "permis", "connexion": "TypeError"}


def test_a_host_ignoring_headers_still_runs_the_engine_without_a_worker_policy(browser, built_site):
    """What a host that ignores `_headers` gives: the pages keep their meta policy,
    and the engine's worker runs (WebAssembly), with no policy of its own."""
    context = browser.new_context(locale="fr-FR", service_workers="block")
    try:
        with SiteServer(built_site, handler=QuietHandler) as plain:
            page = context.new_page()
            page.goto(plain.url + "/outil/")
            page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
            assert page.evaluate(PROBE) == {"wasm": "CompileError", "connexion": "TypeError"}
            assert engine_worker(page).evaluate(PROBE) == {"wasm": "permis", "connexion": "permis"}
    finally:
        context.close()


FRAMING_PAGE = '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Autre site</title></head><body><iframe src="{url}" width="800" height="600"></iframe></body></html>'


@pytest.mark.parametrize("headers", [True, False], ids=["avec-_headers", "sans-_headers"])
def test_another_site_cannot_show_the_tool_in_a_frame(browser, built_site, tmp_path, headers):
    site = SiteServer(built_site) if headers else SiteServer(built_site, handler=QuietHandler)
    other = tmp_path / "autre"
    other.mkdir()
    (other / "index.html").write_text(FRAMING_PAGE.format(url=site.url + "/outil/"), encoding="utf-8")
    context = browser.new_context(locale="fr-FR", service_workers="block")
    try:
        with site, SiteServer(other, handler=QuietHandler) as framing:
            page = context.new_page()
            page.goto(framing.url + "/")
            page.wait_for_timeout(1500)
            if page.url.startswith(site.url):
                return  # the tool left the frame
            [frame] = [f for f in page.frames if f != page.main_frame]
            if headers:  # frame-ancestors: the browser shows its own error page, not the tool
                assert not frame.url.startswith(site.url) or frame.evaluate("document.getElementById('outil')") is None
            else:  # the page's script hides it
                assert frame.url.startswith(site.url + "/outil/")
                assert frame.evaluate("getComputedStyle(document.documentElement).display") == "none"
                assert frame.evaluate("document.documentElement.getBoundingClientRect().height") == 0
    finally:
        context.close()


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


KNOWN_A = [re.compile(re.escape("a()"))]


def test_the_policy_comes_first_and_once(tmp_path):
    page = tmp_path / "index.html"
    page.write_text('<!doctype html>\n<html><head>\n<meta charset="utf-8">\n<script>a()</script>\n</head></html>\n', encoding="utf-8")
    add_content_security_policy(tmp_path, shapes=KNOWN_A)
    add_content_security_policy(tmp_path, shapes=KNOWN_A)
    html = page.read_text(encoding="utf-8")
    assert html.count("Content-Security-Policy") == 1
    assert html.index('<meta charset="utf-8">') < html.index("Content-Security-Policy") < html.index("<script>")
    assert (tmp_path / "_headers").exists()


def test_an_inline_script_no_template_writes_fails_naming_its_page(tmp_path):
    pages = {
        "index.html": "<script>a()</script>",
        "pieces/index.html": "<p>x</p><script>alert(1)</script>",
        "fiche/index.html": '<script type="module">alert(2)</script><script type="application/json">{"b": "<\\/script>"}</script>',
    }
    for name, body in pages.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(
            f'<!doctype html><html><head><meta charset="utf-8"></head><body>{body}</body></html>', encoding="utf-8"
        )
    before = {name: (tmp_path / name).read_bytes() for name in pages}
    with pytest.raises(UnknownScript) as refused:
        add_content_security_policy(tmp_path, shapes=KNOWN_A)
    message = str(refused.value)
    assert message.splitlines() == [
        "2 scripts en ligne inconnus dans 2 pages : seuls ceux des gabarits du site et de Material sont permis"
        " (un texte des règles contient-il du HTML ?)",
        "  - fiche/index.html : « alert(2) »",
        "  - pieces/index.html : « alert(1) »",
    ]
    assert {name: (tmp_path / name).read_bytes() for name in pages} == before, "pages modifiées malgré le refus"
    assert not (tmp_path / "_headers").exists()


def test_the_known_scripts_are_read_from_the_templates():
    shapes = known_shapes()
    material = (
        '__md_scope=new URL("{}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
        '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
        '__md_set=(e,_,t=localStorage,a=__md_scope)=>{{try{{t.setItem(a.pathname+"."+e,JSON.stringify(_))}}catch(e){{}}}}'
    )
    for base in ("../..", ".", "/"):
        assert any(shape.fullmatch(material.format(base)) for shape in shapes), base
    # The value of a template's expression cannot close its string.
    assert not any(shape.fullmatch(material.format('"),alert(1),("')) for shape in shapes)
    assert not any(shape.fullmatch("alert(1)") for shape in shapes)
    # Ours: the engine's early start and the frame guard.
    assert sum("btsMoteurDemarre" in shape.pattern for shape in shapes) == 1
    assert sum("window\\.top" in shape.pattern for shape in shapes) == 1
