"""Content security policy of the built site.

Every HTML page gets a `<meta http-equiv="Content-Security-Policy">` allowing
only the site's own files plus, by sha256, the inline scripts of that page.
Only the scripts the site's templates write are hashed: ours (overrides/ and
the page templates) and Material's, each known by its shape, read from the
template that writes it. Any other inline script (one that came from a rule's
text, say) fails the build, naming the page.

WebAssembly runs only in the engine's worker, so only the worker's policy
allows it ('wasm-unsafe-eval'); a worker takes no policy from its page, only
from its own response's headers. The `_headers` file (Netlify / Cloudflare
Pages) sends, for every path, what only a header can carry (frame-ancestors)
and nothing that would narrow a worker's policy, and for each worker script
its own policy. A host that ignores `_headers` sends neither: its pages keep
their meta policy and leave a frame by script (overrides/main.html), and the
workers run without a policy.
"""

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import material

from build_tools.paths import ROOT
from build_tools.site.offline import WORKER as SERVICE_WORKER

HEADERS_FILE = "_headers"

# JavaScript MIME types (HTML standard): an inline <script> of any other type
# ("application/json", ...) is a data block, never executed, so it needs no hash.
JAVASCRIPT_TYPES = {
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}
# Other inline script types a browser runs or parses under script-src.
OTHER_EXECUTED_TYPES = {"", "module", "importmap", "speculationrules"}

# Where the inline scripts the site may hold are written: our templates, and
# the partials Material writes its inline scripts with.
OUR_TEMPLATES = [ROOT / "overrides", Path(__file__).parent / "templates"]
MATERIAL_SCRIPTS = Path(material.__file__).parent / "templates" / "partials" / "javascripts"

# The worker scripts, by file name (anywhere in the site) or by path from the
# site's root; only the engine's runs WebAssembly (Pyodide).
ENGINE_WORKER = "moteur.worker.mjs"
WORKER_NAMES = {ENGINE_WORKER, "recherche-differee.js"}
WORKER_GLOBS = ["assets/javascripts/workers/*.js"]
WORKER_PATHS = [SERVICE_WORKER]

META_CSP = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.IGNORECASE)
META_CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)


class UnknownScript(Exception):
    """A page holds an inline script that no template of the site writes."""


def policy(hashes, wasm: bool = False) -> str:
    scripts = " ".join(["'self'"] + (["'wasm-unsafe-eval'"] if wasm else []) + [f"'sha256-{h}'" for h in sorted(hashes)])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "worker-src 'self'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'none'",
        ]
    )


# What every path gets: framing refused; nothing that a worker's own policy
# would be narrowed by (hosts send every matching rule's header, and a
# response's policies all apply).
SITE_WIDE_POLICY = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'none'"


def executed(attrs: dict) -> bool:
    """Whether a <script> with these attributes is run (or parsed as script) by a browser, from its text."""
    kind = (attrs.get("type") or "").strip().lower()
    return "src" not in attrs and (kind in OTHER_EXECUTED_TYPES or kind.split(";")[0].strip() in JAVASCRIPT_TYPES)


class _InlineScripts(HTMLParser):
    """Collects the text of the inline scripts a browser would execute."""

    def __init__(self):
        super().__init__(convert_charrefs=True)  # script text is raw text: never converted
        self.scripts = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._current = [] if executed(dict(attrs)) else None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_scripts(html: str) -> list:
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.scripts


def _hash(script: str) -> str:
    return base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def inline_script_hashes(html: str) -> set:
    """Base64 sha256 of each executable inline script, as CSP expects them."""
    return {_hash(s) for s in inline_scripts(html)}


# In a template's script, what a Jinja expression may write: a URL path (Material's
# base_url), never a quote, a backslash, a bracket or a space.
_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_EXPRESSION_VALUE = r"[A-Za-z0-9._~/%:+-]*"
_TEMPLATE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


def _shape(body: str, where: Path) -> re.Pattern:
    if "{%" in body or "{#" in body:
        raise UnknownScript(f"{where} : un script en ligne ne peut contenir que du texte et des expressions {{{{ … }}}}")
    literal = _EXPRESSION.split(body)
    return re.compile(_EXPRESSION_VALUE.join(re.escape(part) for part in literal))


def known_shapes(folders=None) -> list:
    """The patterns of the executed inline scripts the site's templates and Material's write."""
    folders = [*OUR_TEMPLATES, MATERIAL_SCRIPTS] if folders is None else folders
    shapes = []
    for folder in folders:
        for template in sorted(p for p in Path(folder).rglob("*") if p.suffix in (".html", ".j2")):
            for attributes, body in _TEMPLATE_SCRIPT.findall(template.read_text(encoding="utf-8")):
                attrs = {
                    m.group(1).lower(): next((v for v in m.groups()[1:] if v is not None), "") for m in _ATTRIBUTE.finditer(attributes)
                }
                if "{{" not in attributes and executed(attrs):
                    shapes.append(_shape(body, template))
    return shapes


def _unknown(scripts, shapes) -> list:
    return [s for s in scripts if not any(shape.fullmatch(s) for shape in shapes)]


def _excerpt(script: str) -> str:
    flat = " ".join(script.split())
    return flat if len(flat) <= 80 else flat[:79] + "…"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _unknown_message(unknown: list) -> str:
    """[(page, script)] said in French: how many, then each page (the first ten) with its first script."""
    by_page = {}
    for name, script in unknown:
        by_page.setdefault(name, []).append(script)
    lines = [
        f"{_plural(len(unknown), 'script')} en ligne inconnu{'s' if len(unknown) > 1 else ''}"
        f" dans {_plural(len(by_page), 'page')} : seuls ceux des gabarits du site et de Material sont permis"
        " (un texte des règles contient-il du HTML ?)"
    ]
    for name, scripts in list(by_page.items())[:10]:
        more = f" ({_plural(len(scripts), 'script')})" if len(scripts) > 1 else ""
        lines.append(f"  - {name} : « {_excerpt(scripts[0])} »{more}")
    if len(by_page) > 10:
        lines.append(f"  … et {_plural(len(by_page) - 10, 'page')} de plus")
    return "\n".join(lines)


def with_meta_policy(html: str, csp: str) -> str:
    """The page with its CSP meta first in <head> (right after <meta charset>),
    so that it governs every script of the page."""
    html = META_CSP.sub("", html, count=1)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
    anchor = META_CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        raise ValueError("page sans <head>")
    return f"{html[: anchor.end()]}\n      {meta}{html[anchor.end() :]}"


def worker_paths(site_dir: Path) -> dict:
    """{path from the site's root ("/outil/moteur.worker.mjs"): whether it runs WebAssembly} for each worker script."""
    found = {p for p in site_dir.rglob("*") if p.name in WORKER_NAMES and p.is_file()}
    for pattern in WORKER_GLOBS:
        found |= set(site_dir.glob(pattern))
    paths = {"/" + p.relative_to(site_dir).as_posix(): p.name == ENGINE_WORKER for p in found}
    paths.update({"/" + path: False for path in WORKER_PATHS})
    return dict(sorted(paths.items()))


def headers_file(workers: dict) -> str:
    lines = [
        "# Generated by build_tools/site/security.py. Every path: framing refused (frame-ancestors,",
        "# which only a header carries; X-Frame-Options for older browsers). A page's script policy",
        "# is its meta tag; each worker script gets its own here (a worker keeps no policy of its page),",
        "# and only the engine's allows WebAssembly.",
        "/*",
        f"  Content-Security-Policy: {SITE_WIDE_POLICY}",
        "  X-Frame-Options: DENY",
    ]
    for path, wasm in workers.items():
        lines += [path, f"  Content-Security-Policy: {policy((), wasm=wasm)}"]
    return "\n".join(lines) + "\n"


def add_content_security_policy(site_dir: Path, shapes=None) -> str:
    """Add the meta policy to every HTML page of `site_dir` and write `_headers`
    (returned); an inline script no template writes raises UnknownScript."""
    site_dir = Path(site_dir)
    shapes = known_shapes() if shapes is None else shapes
    pages, unknown = [], []
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_bytes().decode("utf-8")
        scripts = inline_scripts(html)
        unknown += [(page.relative_to(site_dir).as_posix(), script) for script in _unknown(scripts, shapes)]
        pages.append((page, html, {_hash(s) for s in scripts}))
    if unknown:
        raise UnknownScript(_unknown_message(unknown))
    for page, html, hashes in pages:
        page.write_bytes(with_meta_policy(html, policy(hashes)).encode("utf-8"))
    text = headers_file(worker_paths(site_dir))
    (site_dir / HEADERS_FILE).write_text(text, encoding="utf-8")
    return text
