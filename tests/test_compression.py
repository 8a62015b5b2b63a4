"""The build's precompressed copies (.br, .gz) beside the site's files."""

import gzip
import json
import random
import subprocess

from build_tools.site.compression import add_compressed_copies
from build_tools.site.offline import add_service_worker, precached_files
from tests.conftest import ROOT

PAGE = "<!doctype html>\n<html><head><title>t</title></head><body>{}</body></html>\n"


def brotli_decoded(path) -> bytes:
    script = "process.stdout.write(require('node:zlib').brotliDecompressSync(require('node:fs').readFileSync(process.argv[1])))"
    return subprocess.run(["node", "-e", script, str(path)], cwd=ROOT, check=True, capture_output=True).stdout


def small_site(site):
    files = {
        "index.html": PAGE.format("<p>Pièces justificatives</p>" * 200).encode(),
        "pyodide/pyodide.asm.wasm": b"\0asm" + bytes(range(256)) * 40,
        "assets/petit.js": b"let a = 1;\n",  # under 1 KB: not worth a copy
        "pyodide/paquet.whl": random.Random(15).randbytes(5000),  # does not shrink
        "assets/images/logo.png": b"\x89PNG" + b"\0" * 4000,  # compressed already: not tried
        "sitemap.xml.gz": gzip.compress(b"<urlset/>" * 200),
    }
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
    return files


def test_large_text_and_wasm_files_get_brotli_and_gzip_copies_that_decode_to_them(tmp_path):
    site = tmp_path / "site"
    files = small_site(site)

    written = add_compressed_copies(site)

    assert sorted(written) == ["index.html", "pyodide/pyodide.asm.wasm"]
    for name in written:
        assert set(written[name]) == {".br", ".gz"}
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == files[name]
        assert brotli_decoded(site / f"{name}.br") == files[name]
        assert (site / f"{name}.br").stat().st_size < (site / f"{name}.gz").stat().st_size < len(files[name])
    for name in ("assets/petit.js", "pyodide/paquet.whl", "assets/images/logo.png"):
        assert not (site / f"{name}.br").exists() and not (site / f"{name}.gz").exists(), name
    assert not (site / "sitemap.xml.gz.gz").exists()


def test_the_copies_are_the_same_bytes_from_one_build_to_the_next(tmp_path):
    first, second = tmp_path / "un", tmp_path / "deux"
    small_site(first)
    small_site(second)
    add_compressed_copies(first)
    add_compressed_copies(second)
    for suffix in (".br", ".gz"):
        assert (first / f"index.html{suffix}").read_bytes() == (second / f"index.html{suffix}").read_bytes()


def test_the_service_worker_lists_no_copy(tmp_path):
    site = tmp_path / "site"
    small_site(site)
    add_service_worker(site)
    add_compressed_copies(site)
    assert (site / "index.html.br").exists()
    listed = precached_files(site)
    assert "index.html" in listed
    assert not [path for path in listed if path.endswith((".br", ".gz"))]
    assert ".br" not in (site / "sw.js").read_text(encoding="utf-8")


def test_two_identical_files_share_one_new_copy(tmp_path, monkeypatch):
    """A fresh clone's first build: nothing cached, and two files alike (a page
    and its archived twin) once made the Brotli step rename one copy twice."""
    from build_tools.site import compression

    monkeypatch.setattr(compression, "CACHE", tmp_path / "cache")
    site = tmp_path / "site"
    twin = PAGE.format(f"<p>{random.Random(16).randbytes(3000).hex()}</p>").encode()
    for name in ("a/index.html", "b/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(twin)
    listed = []
    real_run_node = compression.run_node

    def run_node(script, listing, **options):
        listed.extend(json.loads(listing.read_text(encoding="utf-8")))
        real_run_node(script, listing, **options)

    monkeypatch.setattr(compression, "run_node", run_node)
    written = add_compressed_copies(site)
    assert len(listed) == 1  # Node.js compresses them all at once: one entry per destination
    assert set(written) == {"a/index.html", "b/index.html"}
    assert brotli_decoded(site / "a/index.html.br") == brotli_decoded(site / "b/index.html.br") == twin
