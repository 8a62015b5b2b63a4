"""The built site as the académie's servers serve it: Debian's nginx (with the
build's `_nginx.conf` included in a server block whose root is the site) and
Apache (with its `.htaccess`), on loopback, as the guide says. Every check runs
on both: the headers are those of `_headers`, the types those the browser
needs, the copies are negotiated, the files for the hosts are refused, and the
candidate tool runs through each."""

import gzip
import http.client
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from build_tools.site.deployment import (
    HASHED,
    IMMUTABLE,
    NGINX_FILE,
    NOT_SERVED,
    REVALIDATE,
    DeploymentError,
    check_types,
    host_rules,
    nginx_conf,
)
from build_tools.site.offline import EXCLUDED_NAMES
from tests.site.conftest import assert_same_origin
from tests.site.servers import apache_serving, nginx_serving
from tests.site.test_securite import PROBE

READY = "#checklist[data-etat=pret]"
WASM = "/pyodide/pyodide.asm.wasm"
SERVERS = {"nginx": nginx_serving, "apache": apache_serving}


@pytest.fixture(scope="module", params=list(SERVERS))
def host(request, built_site, tmp_path_factory):
    """Base URL of the server (nginx, then Apache) serving the built site with its configuration."""
    with SERVERS[request.param](built_site, tmp_path_factory.mktemp(request.param)) as url:
        yield url


def get(base: str, path: str, accept_encoding=None, headers=None):
    """(status, headers, body) of a GET, the body as sent (not decoded)."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    sent = dict(headers or {})
    if accept_encoding is not None:
        sent["Accept-Encoding"] = accept_encoding
    connection.request("GET", path, headers=sent)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def site_file(site: Path, path: str) -> Path:
    return site / (path.strip("/") + "/index.html" if path.endswith("/") else path.lstrip("/"))


@pytest.fixture(scope="module")
def rules(built_site):
    return host_rules(built_site)


def csp(headers) -> list:
    return headers.get_all("Content-Security-Policy") or []


def assert_site_wide_headers(headers, rules, path):
    every, by_path = rules
    expected = dict(every)
    assert csp(headers) == [
        expected["Content-Security-Policy"],
        *[v for n, v in by_path.get(path, []) if n == "Content-Security-Policy"],
    ], path
    assert headers["X-Frame-Options"] == expected["X-Frame-Options"] == "DENY", path


# ---------- what each server sends ----------


@pytest.mark.parametrize(
    "path, content_type",
    [
        ("/outil/", "text/html; charset=utf-8"),
        ("/outil/outil.mjs", "text/javascript; charset=utf-8"),
        (WASM, "application/wasm"),
        ("/sw.js", "text/javascript; charset=utf-8"),
        ("/regles/2026.json", "application/json; charset=utf-8"),
    ],
)
@pytest.mark.parametrize("accept_encoding", [None, "gzip, deflate, br"], ids=["sans-compression", "br"])
def test_pages_modules_and_wasm_have_their_type_the_policy_and_are_revalidated(
    host, built_site, rules, path, content_type, accept_encoding
):
    status, headers, body = get(host, path, accept_encoding)
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert_site_wide_headers(headers, rules, path)
    assert headers["Cache-Control"] == REVALIDATE
    source = site_file(built_site, path)
    if accept_encoding:
        assert headers["Content-Encoding"] == "br"
        assert body == source.with_name(source.name + ".br").read_bytes()
    else:
        assert headers["Content-Encoding"] is None and body == source.read_bytes()


def test_a_page_not_modified_since_is_answered_304(host):
    _, headers, _ = get(host, "/outil/", "br")
    status, _, body = get(host, "/outil/", "br", {"If-None-Match": headers["ETag"]})
    assert status == 304 and body == b""


def test_only_content_hashed_assets_are_kept_a_year(host, built_site):
    files = ("/" + p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file() and p.suffix not in (".br", ".gz"))
    hashed = sorted(path for path in files if re.search(HASHED, path))
    names = {Path(path).name.split(".")[0] for path in hashed}
    assert {"bundle", "main", "search"} <= names, hashed  # Material's script, style sheet and search worker
    for path in hashed:
        for accept_encoding in (None, "br", "gzip"):
            status, headers, _ = get(host, path, accept_encoding)
            assert status == 200 and headers["Cache-Control"] == IMMUTABLE, (path, accept_encoding)
    for path in ("/assets/site.css", "/assets/javascripts/lunr/min/lunr.fr.min.js", "/enregistrer-sw.js", "/outil/moteur.worker.mjs"):
        assert (built_site / path.lstrip("/")).is_file(), path
        status, headers, _ = get(host, path, "br")
        assert status == 200 and headers["Cache-Control"] == REVALIDATE, path


def test_each_worker_gets_its_own_policy_besides_the_site_wide_one(host, rules):
    every, by_path = rules
    assert {"/outil/moteur.worker.mjs", "/sw.js"} <= set(by_path)
    for path, own in by_path.items():
        [(name, policy)] = own
        for accept_encoding in (None, "br", "gzip"):
            status, headers, _ = get(host, path, accept_encoding)
            assert status == 200, path
            assert csp(headers) == [dict(every)["Content-Security-Policy"], policy], (path, accept_encoding)
            assert headers["Content-Type"] == "text/javascript; charset=utf-8", path
    assert "'wasm-unsafe-eval'" in dict(by_path["/outil/moteur.worker.mjs"])["Content-Security-Policy"]
    assert "'wasm-unsafe-eval'" not in dict(by_path["/sw.js"])["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/outil/", WASM])
def test_brotli_then_gzip_then_the_file_by_accept_encoding(host, built_site, path):
    source = site_file(built_site, path)
    plain = source.read_bytes()
    expected = {
        "gzip, deflate, br, zstd": ("br", source.with_name(source.name + ".br").read_bytes()),
        "br;q=0.5": ("br", source.with_name(source.name + ".br").read_bytes()),
        "gzip": ("gzip", None),
        "br;q=0, gzip": ("gzip", None),
        "identity": (None, plain),
        None: (None, plain),
    }
    types = set()
    for accept_encoding, (coding, body) in expected.items():
        status, headers, sent = get(host, path, accept_encoding)
        assert status == 200 and headers["Content-Encoding"] == coding, accept_encoding
        assert (gzip.decompress(sent) if coding == "gzip" else sent) == (body or plain), accept_encoding
        assert headers["Vary"] == "Accept-Encoding", accept_encoding
        types.add(headers["Content-Type"])
    assert len(types) == 1, types
    assert len(source.with_name(source.name + ".br").read_bytes()) < len(source.with_name(source.name + ".gz").read_bytes()) < len(plain)


def test_a_file_with_no_copy_is_sent_as_it_is_without_vary(host, built_site):
    image = next(p for p in sorted(built_site.rglob("*.png")))
    status, headers, body = get(host, "/" + image.relative_to(built_site).as_posix(), "br, gzip")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert headers["Content-Encoding"] is None and headers["Vary"] is None and body == image.read_bytes()


def test_the_files_for_the_hosts_and_the_copies_themselves_are_not_served(host, built_site, rules):
    asked = [f"/{name}" for name in NOT_SERVED] + ["/_headers.gz", "/_headers.br", "/outil/index.html.br", "/page-absente/"]
    for name in NOT_SERVED:
        assert (built_site / name).is_file(), name
    not_found = built_site / "404.html"
    for path in asked:
        for accept_encoding in (None, "gzip", "gzip, br"):
            status, headers, body = get(host, path, accept_encoding)
            assert status == 404, (path, accept_encoding)
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            assert_site_wide_headers(headers, rules, path)
            coding = headers["Content-Encoding"]
            assert coding == {"gzip": "gzip", "gzip, br": "br"}.get(accept_encoding), (path, accept_encoding)
            if coding == "br":
                assert body == not_found.with_name("404.html.br").read_bytes(), path  # the site's 404 page
            else:
                assert (gzip.decompress(body) if coding else body) == not_found.read_bytes(), path


def test_the_candidate_tool_runs_through_the_server(page, page_log, host):
    encodings, policies = {}, {}

    def on_response(response):
        path = urlsplit(response.url).path
        encodings.setdefault(path, response.headers.get("content-encoding"))
        policies.setdefault(path, response.headers.get("content-security-policy"))

    page.on("response", on_response)
    page.goto(f"{host}/outil/")
    page.wait_for_selector(READY, state="attached", timeout=120_000)
    assert page.locator("#checklist [data-piece]").count() > 0
    assert encodings["/outil/"] == "br" and encodings[WASM] == "br"
    assert "'wasm-unsafe-eval'" in policies["/outil/moteur.worker.mjs"]
    # The worker runs under its own policy: WebAssembly allowed, no fetch of a data: URL.
    page.wait_for_function("() => window.btsMoteurDemarre", timeout=30_000)
    worker = next(w for w in page.workers if "moteur.worker.mjs" in w.url)
    assert worker.evaluate(PROBE) == {"wasm": "permis", "connexion": "TypeError"}
    assert_same_origin(page_log.requests, host)
    assert not page_log.page_errors


# ---------- the build side ----------


def test_the_build_writes_the_configuration_from_headers_and_keeps_it_out_of_the_offline_copy(built_site, rules):
    text = (built_site / NGINX_FILE).read_text(encoding="utf-8")
    assert text == nginx_conf(built_site)
    every, by_path = rules
    for _, value in every + [header for headers in by_path.values() for header in headers]:
        assert f'"{value}"' in text, value
    assert NGINX_FILE in EXCLUDED_NAMES
    assert NGINX_FILE not in (built_site / "sw.js").read_text(encoding="utf-8")
    assert not (built_site / f"{NGINX_FILE}.br").exists()


def test_a_headers_file_the_servers_cannot_say_fails_the_build(tmp_path):
    (tmp_path / "_headers").write_text("/*\n  X-Frame-Options: DENY\n/outil/*\n  Cache-Control: no-store\n", encoding="utf-8")
    with pytest.raises(DeploymentError) as refused:
        nginx_conf(tmp_path)
    assert str(refused.value) == (
        "_headers : motif « /outil/* » non traduit pour nginx et Apache (seuls « /* » et les chemins exacts le sont)"
    )
    (tmp_path / "_headers").write_text('/*\n  Content-Security-Policy: default-src "$x"\n', encoding="utf-8")
    with pytest.raises(DeploymentError, match="valeur d'en-tête impossible"):
        nginx_conf(tmp_path)


def test_a_file_of_unknown_type_fails_the_build_naming_it(tmp_path):
    for name in ("index.html", "index.html.br", "index.html.gz", "_headers", "outil/donnees.parquet", "LISEZMOI"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    with pytest.raises(DeploymentError) as refused:
        check_types(tmp_path)
    assert str(refused.value) == (
        "type de fichier inconnu : « (sans extension) » (LISEZMOI), « parquet » (outil/donnees.parquet) ;"
        " ajoutez-le à MIME_TYPES dans build_tools/site/deployment.py"
    )
