"""What a tool's page asks for early, so that a phone does not wait one round
trip per level of imports: every module its script imports is preloaded, and
so is the theme's script that the page's parsing waits for."""

import pytest

from build_tools.site.modules import preload_theme_script, static_imports
from tests.site.test_outil import READY

# Resource Timing sees the modules, never the worker's own imports (another realm).
MODULES_LOADED = """() => performance.getEntriesByType('resource')
    .map(r => new URL(r.name)).filter(u => u.pathname.endsWith('.mjs') && !u.pathname.endsWith('.worker.mjs'))
    .map(u => u.href)"""
PRELOADED = "() => [...document.querySelectorAll('link[rel=modulepreload]')].map(l => l.href)"


@pytest.mark.parametrize("path", ["/outil/", "/outil/classe/"])
def test_every_module_a_tool_loads_is_preloaded(page, server, path):
    page.goto(f"{server}{path}")
    page.wait_for_selector(READY if path == "/outil/" else "#statut", state="attached", timeout=120_000)
    page.wait_for_load_state("networkidle")
    entries = page.eval_on_selector_all('script[type="module"][src]', "scripts => scripts.map(s => s.src)")
    loaded = set(page.evaluate(MODULES_LOADED)) - set(entries)
    preloaded = set(page.evaluate(PRELOADED))
    assert loaded, "la page charge des modules"
    assert loaded <= preloaded, f"modules chargés sans préchargement : {sorted(loaded - preloaded)}"


def test_static_imports_follow_every_form_of_import(tmp_path):
    (tmp_path / "a.mjs").write_text('import { x } from "./b.mjs";\nimport {\n  y,\n  z,\n} from "./c.mjs";\nimport "./d.mjs";\n')
    (tmp_path / "b.mjs").write_text('export { w } from "./e.mjs";\nconst later = () => import("./f.mjs");\n')
    for name in "cdef":
        (tmp_path / f"{name}.mjs").write_text("export const v = 1;\n")
    # A dynamic import is loaded on demand: it is not preloaded.
    assert static_imports("a.mjs", tmp_path) == ["b.mjs", "c.mjs", "d.mjs", "e.mjs"]


def test_the_home_page_preloads_what_its_banner_imports(page, server):
    page.goto(f"{server}/")
    page.wait_for_load_state("networkidle")
    entries = page.eval_on_selector_all('script[type="module"][src]', "scripts => scripts.map(s => s.src)")
    loaded = set(page.evaluate(MODULES_LOADED)) - set(entries)
    assert loaded and loaded <= set(page.evaluate(PRELOADED))


def test_the_theme_script_is_asked_for_from_the_head():
    page = '<html><head><title>t</title></head><body><script src="../assets/javascripts/bundle.0123abcd.min.js"></script></body></html>'
    head = preload_theme_script(page).split("</head>")[0]
    assert '<link rel="preload" as="script" href="../assets/javascripts/bundle.0123abcd.min.js">' in head
    assert preload_theme_script("<html><head></head><body></body></html>") == "<html><head></head><body></body></html>"
