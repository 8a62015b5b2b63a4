"""What a tool's page asks for early: the browser modules its script imports,
all at once (`<link rel="modulepreload">`) instead of one level of imports
after the other, and the theme's script, which the page's parsing waits for
and the browser would otherwise ask for last: on a phone each wait costs a
round trip, while the engine's runtime downloads at the same time.

A few modules come from npm (package.json, package-lock.json): each is served
as it is, licence header included, beside ours under a name of its own, and
ours import it by that name."""

import posixpath
import re
from pathlib import Path

from build_tools.paths import NODE_MODULES, WIDGET_DIR

# {name served beside our modules: its file in node_modules}.
NPM_MODULES = {
    # The class tool's QR codes (code-qr.mjs): Kazuhiko Arase's, MIT licence.
    "qrcode-generator.mjs": NODE_MODULES / "qrcode-generator" / "dist" / "qrcode.mjs",
}


class NpmModuleError(Exception):
    """A module from npm is not installed, or takes the name of one of ours."""


def npm_modules(folder: Path = WIDGET_DIR) -> dict:
    """{name: path} of the npm modules to serve beside the modules of `folder`."""
    for name, path in NPM_MODULES.items():
        if (folder / name).exists():
            raise NpmModuleError(f"{name} : nom déjà pris par un module du site ({folder / name})")
        if not path.is_file():
            raise NpmModuleError(f"{name} absent de node_modules ({path}) : lancez scripts/setup (npm ci).")
    return dict(NPM_MODULES)


def _source(name: str, folder: Path) -> Path:
    return NPM_MODULES.get(name) or folder / name


# A static import of a sibling module: `import … from "./x.mjs"`, `import "./x.mjs"`.
_STATIC_IMPORT = re.compile(r"""^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?["']\./([\w.-]+\.mjs)["']""", re.MULTILINE)


def static_imports(entry: str, folder: Path = WIDGET_DIR) -> list:
    """The file names of the modules `entry` imports, directly or not, nearest first."""
    found, queue = [], [entry]
    while queue:
        for name in _STATIC_IMPORT.findall(_source(queue.pop(0), folder).read_text(encoding="utf-8")):
            if name != entry and name not in found:
                found.append(name)
                queue.append(name)
    return found


def preloads(script: str, folder: Path = WIDGET_DIR) -> list:
    """The addresses, relative to the page like `script` ("outil.mjs", "../classe.mjs"), of what it imports."""
    base = posixpath.dirname(script)
    return [posixpath.join(base, name) for name in static_imports(posixpath.basename(script), folder)]


_MODULE_SCRIPT = re.compile(r'<script type="module"[^>]*\ssrc="([^"]+\.mjs)"')


def add_module_preloads(html: str, folder: Path = WIDGET_DIR) -> str:
    """The page with, in its head, a preload of every module its module scripts import."""
    entries = [src for src in _MODULE_SCRIPT.findall(html) if (folder / posixpath.basename(src)).is_file()]
    wanted = []
    for src in entries:
        wanted += [module for module in preloads(src, folder) if module not in wanted and module not in entries]
    if not wanted or "</head>" not in html:
        return html
    links = "".join(f'<link rel="modulepreload" href="{module}">\n' for module in wanted)
    return html.replace("</head>", f"{links}</head>", 1)


_THEME_SCRIPT = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


def preload_theme_script(html: str) -> str:
    """The page with a preload of Material's script in its head (unchanged if it has none)."""
    found = _THEME_SCRIPT.search(html)
    if not found or "</head>" not in html:
        return html
    return html.replace("</head>", f'<link rel="preload" as="script" href="{found.group(1)}">\n</head>', 1)
