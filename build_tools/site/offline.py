"""Offline use: a service worker that precaches the site in two parts.

- The reading part (`lecture`): the pages, the search, their assets, about
  3 MB, precached at the first visit of any page.
- The tool part (`outil`): the tools' pages and modules, the rules' JSON and
  the Python runtime (Pyodide, wheels, standard library), over 10 MB, cached
  only once a tool page has been opened (enregistrer-sw.js asks for it), and
  from then on renewed with each new build.

`add_service_worker(site_dir)` writes, at the root of a finished site folder:
- `sw.js`: site_src/hors_ligne/sw.js after a prelude listing the files of each
  part with their revision (a hash of their content), and the build's version
  (a hash of that list), which names the cache;
- `enregistrer-sw.js`: the registration script, linked from every page
  (sub-sites of older editions included) by a relative path, so the site also
  works under a sub-path.
"""

import hashlib
import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from build_tools.paths import OFFLINE_DIR

SOURCE = OFFLINE_DIR
WORKER = "sw.js"
REGISTRATION = "enregistrer-sw.js"

# Not precached: files for crawlers and hosts, source maps (developer tools
# only), the precompressed copies (compression.py; a browser decodes them).
EXCLUDED_NAMES = {WORKER, "sitemap.xml", "sitemap.xml.gz", "_headers", "_redirects", "_nginx.conf"}
EXCLUDED_SUFFIXES = (".map", ".br", ".gz")
# The folders of the tool part, in any edition (the runtime, the rules' JSON
# the engine reads, the tools' pages and modules).
TOOL_FOLDERS = {"pyodide", "regles", "outil"}
READING, TOOL = "lecture", "outil"
# Material's search loads the word-splitting scripts of the languages it is
# configured for only: the others' are not precached.
LUNR_SHARED = {"min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js"}
LUNR_EXTRA = {"ja": "tinyseg.js", "th": "wordcut.js"}

HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)


def _unused_lunr(site_dir: Path, relative: Path) -> bool:
    """A word-splitting script of Material's search for a language its index does not use."""
    parts = relative.parts
    at = next((i for i in range(len(parts) - 3) if parts[i : i + 3] == ("assets", "javascripts", "lunr")), None)
    if at is None:
        return False
    index = site_dir.joinpath(*parts[:at], "search", "search_index.json")
    languages = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"] if index.exists() else []
    used = LUNR_SHARED | {f"min/lunr.{lang}.min.js" for lang in languages} | {LUNR_EXTRA[lang] for lang in languages if lang in LUNR_EXTRA}
    return "/".join(parts[at + 3 :]) not in used


def part_of(relative: Path) -> str:
    return TOOL if TOOL_FOLDERS & set(relative.parts[:-1]) else READING


def precached_parts(site_dir: Path) -> dict:
    """{part: {URL path relative to the site root: revision}} of the files to precache."""
    parts = {READING: {}, TOOL: {}}
    for path in sorted(site_dir.rglob("*")):
        relative = path.relative_to(site_dir)
        if (
            not path.is_file()
            or path.name in EXCLUDED_NAMES
            or path.name.endswith(EXCLUDED_SUFFIXES)
            or any(part.startswith(".") for part in relative.parts)
            or _unused_lunr(site_dir, relative)
        ):
            continue
        # Encoded as a browser encodes a URL path (letters, digits and sub-delimiters kept).
        url_path = quote(relative.as_posix(), safe="/!$&'()*+,;=:@~")
        parts[part_of(relative)][url_path] = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return parts


def precached_files(site_dir: Path) -> dict:
    """{URL path relative to the site root: revision} of every file of both parts."""
    return {path: revision for files in precached_parts(site_dir).values() for path, revision in files.items()}


def build_version(files: dict) -> str:
    listing = "".join(f"{path} {revision}\n" for path, revision in sorted(files.items()))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()[:16]


def with_registration(html: str, src: str) -> str:
    tag = f'<script src="{src}" defer></script>'
    if tag in html:
        return html
    end = HEAD_END.search(html)
    if end is None:
        raise ValueError("page sans </head>")
    return f"{html[: end.start()]}  {tag}\n  {html[end.start() :]}"


def add_service_worker(site_dir: Path) -> dict:
    """Link the registration script from every page, then write `sw.js`;
    returns the precached files of both parts ({path: revision})."""
    site_dir = Path(site_dir)
    (site_dir / REGISTRATION).write_bytes((SOURCE / REGISTRATION).read_bytes())
    for page in sorted(site_dir.rglob("*.html")):
        if page.name == "404.html":
            continue  # served at any URL: a relative link would not reach the root
        src = Path(os.path.relpath(site_dir / REGISTRATION, page.parent)).as_posix()
        html = page.read_bytes().decode("utf-8")
        page.write_bytes(with_registration(html, src).encode("utf-8"))
    parts = precached_parts(site_dir)
    files = {path: revision for part in parts.values() for path, revision in part.items()}
    prelude = (
        "// Generated by build_tools/site/offline.py.\n"
        f"const VERSION = {json.dumps(build_version(files))};\n"
        f"const PARTIES = {json.dumps(parts, indent=0)};\n\n"
    )
    (site_dir / WORKER).write_text(prelude + (SOURCE / WORKER).read_text(encoding="utf-8"), encoding="utf-8")
    return files
