"""Precompressed copies of the site's files, for hosts that serve them as they
are asked (nginx `gzip_static` / `brotli_static`; GitLab Pages by itself).

`add_compressed_copies(site_dir)` writes `name.br` (Brotli, by Node.js's zlib:
compression.mjs) and `name.gz` (gzip, standard library, no timestamp: the same
files give the same bytes) next to every file of at least 1 KB that they make
smaller by 5 % at least. It is the last step of a build: the policy and the
service worker have already hashed the files as they are, and list none of
the copies. Brotli at its highest quality (11) takes about 25 s for Pyodide's
wasm: each copy is kept in .cache/compression/ under its source's hash, and
files under 256 KB (the pages, which change with the rules) get quality 10,
within 2 % of 11 on them in a third of the time.
"""

import gzip
import hashlib
import json
import os
import tempfile
from pathlib import Path

from build_tools.paths import ROOT
from build_tools.site.runtime import run_node

SCRIPT = Path(__file__).with_name("compression.mjs")
CACHE = ROOT / ".cache" / "compression"
ENCODINGS = {"br": ".br", "gzip": ".gz"}  # Content-Encoding: suffix of the copy
MIN_SIZE = 1024
MIN_SAVING = 0.05
LARGE = 256 * 1024
# Formats compressed already (images, archives of compressed members): not tried.
ALREADY_COMPRESSED = {".br", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".woff", ".woff2", ".xlsx", ".pdf"}


def candidates(site_dir: Path) -> list:
    return [
        path
        for path in sorted(site_dir.rglob("*"))
        if path.is_file() and path.suffix.lower() not in ALREADY_COMPRESSED and path.stat().st_size >= MIN_SIZE
    ]


def _quality(size: int) -> int:
    return 11 if size >= LARGE else 10


def compressed_copies(files: list) -> dict:
    """{source path: {suffix: compressed bytes}}, from the cache or compressed now."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = {}
    for path in files:
        data = path.read_bytes()
        key = CACHE / hashlib.sha256(data).hexdigest()
        cached[path] = {".br": key.with_suffix(f".q{_quality(len(data))}.br"), ".gz": key.with_suffix(".gz")}
        if not cached[path][".gz"].exists():
            _write_aside(cached[path][".gz"], gzip.compress(data, compresslevel=9, mtime=0))
    # One entry per copy to make: two identical files share their cached copy.
    missing = list(
        {
            str(copies[".br"]): [str(path), str(copies[".br"]), _quality(path.stat().st_size)]
            for path, copies in cached.items()
            if not copies[".br"].exists()
        }.values()
    )
    if missing:
        with tempfile.TemporaryDirectory(prefix="bts-compression-") as work:
            listing = Path(work) / "fichiers.json"
            listing.write_text(json.dumps(missing), encoding="utf-8")
            run_node(SCRIPT, listing, what="compression Brotli", timeout=600)
    return {path: {suffix: copy.read_bytes() for suffix, copy in copies.items()} for path, copies in cached.items()}


def _write_aside(path: Path, data: bytes) -> None:
    """Written whole or not at all: two builds may share the cache."""
    aside = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    aside.write_bytes(data)
    os.replace(aside, path)


def add_compressed_copies(site_dir: Path) -> dict:
    """Writes the copies worth keeping; returns {path relative to site_dir: {suffix: size}}."""
    site_dir = Path(site_dir)
    files = candidates(site_dir)
    written = {}
    for path, copies in compressed_copies(files).items():
        size = path.stat().st_size
        for suffix, compressed in copies.items():
            if len(compressed) <= (1 - MIN_SAVING) * size:
                path.with_name(path.name + suffix).write_bytes(compressed)
                written.setdefault(path.relative_to(site_dir).as_posix(), {})[suffix] = len(compressed)
    return written
