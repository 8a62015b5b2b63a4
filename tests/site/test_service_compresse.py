"""The local server (tests, bench) serves the build's precompressed copies as a
static host does: by Accept-Encoding, Brotli first, with the file's own type."""

import gzip
import http.client
from urllib.parse import urlsplit

import pytest

from build_tools.local_server import accepted_encodings

WASM = "/pyodide/pyodide.asm.wasm"


def get(base: str, path: str, accept_encoding=None):
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": accept_encoding} if accept_encoding else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.mark.parametrize(
    "header, accepted",
    [
        ("gzip, deflate, br, zstd", {"gzip", "deflate", "br", "zstd"}),
        ("br;q=0, gzip;q=0.5", {"gzip"}),
        ("", set()),
        ("identity", {"identity"}),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, accepted):
    assert accepted_encodings(header) == accepted


@pytest.mark.parametrize("path, content_type", [("/outil/", "text/html"), (WASM, "application/wasm")])
def test_brotli_first_then_gzip_then_the_file_itself(server, built_site, path, content_type):
    source = built_site / (path.strip("/") + "/index.html" if path.endswith("/") else path.lstrip("/"))
    plain, plain_body = get(server, path)
    assert plain.status == 200 and plain.getheader("Content-Encoding") is None
    assert plain_body == source.read_bytes()

    brotli, brotli_body = get(server, path, "gzip, deflate, br")
    assert brotli.getheader("Content-Encoding") == "br"
    assert brotli_body == source.with_name(source.name + ".br").read_bytes()
    assert int(brotli.getheader("Content-Length")) == len(brotli_body) < len(plain_body)

    gzipped, gzip_body = get(server, path, "gzip")
    assert gzipped.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(gzip_body) == plain_body

    for response in (plain, brotli, gzipped):
        assert response.getheader("Content-Type").split(";")[0] == content_type
        assert response.getheader("Vary") == "Accept-Encoding"


def test_a_file_with_no_copy_is_served_as_it_is(server, built_site):
    name = next(p for p in sorted(built_site.rglob("*.png")))
    response, body = get(server, "/" + name.relative_to(built_site).as_posix(), "br, gzip")
    assert response.status == 200 and response.getheader("Content-Encoding") is None
    assert response.getheader("Vary") is None and body == name.read_bytes()


def test_the_tool_runs_in_chromium_on_the_compressed_files(page, server):
    encodings = {}
    page.on("response", lambda response: encodings.setdefault(urlsplit(response.url).path, response.headers.get("content-encoding")))
    page.goto(f"{server}/outil/")
    page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
    assert page.locator("#checklist [data-piece]").count() > 0
    assert encodings["/outil/"] == "br"
    assert encodings[WASM] == "br"
