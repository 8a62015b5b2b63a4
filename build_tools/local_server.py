"""The local HTTP server and browser of the tests and the bench.

SiteServer serves a built site and behaves like the static host:
it sends the headers of the site's `_headers` file (Netlify / Cloudflare Pages
syntax, `*` as a wildcard), serves the build's precompressed copies as nginx's
`brotli_static` / `gzip_static` do, and can be stopped to take the site off the network.

It serves the folder's path, looked up on each request: an atomic rebuild
(folder swapped by build_site) is served at once."""

import email.utils
import fnmatch
import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


def read_headers_file(site: Path) -> list:
    """[(path pattern, [(name, value), ...]), ...] from `site/_headers`."""
    rules = []
    path = site / "_headers"
    if not path.exists():
        return rules
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


# Content-Encoding: suffix of the precompressed copy (build_tools/site/compression.py), best first.
PRECOMPRESSED = {"br": ".br", "gzip": ".gz"}


def accepted_encodings(header: str) -> set:
    """The codings an Accept-Encoding header accepts (a q of 0 refuses)."""
    accepted = set()
    for item in (header or "").split(","):
        coding, _, parameters = item.partition(";")
        parameters = parameters.strip()
        try:
            quality = float(parameters.removeprefix("q=")) if parameters.startswith("q=") else 1.0
        except ValueError:
            continue
        if coding.strip() and quality > 0:
            accepted.add(coding.strip().lower())
    return accepted


class QuietHandler(SimpleHTTPRequestHandler):
    """The files with the types the site needs, a precompressed copy when the
    client accepts its coding, and no log."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".whl": "application/octet-stream",
    }

    def log_message(self, format, *args):
        pass

    def send_head(self):
        self.has_variants = False
        path = self.translate_path(self.path)
        if os.path.isdir(path) and urlsplit(self.path).path.endswith("/"):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()
        variants = {coding: path + suffix for coding, suffix in PRECOMPRESSED.items() if os.path.isfile(path + suffix)}
        self.has_variants = bool(variants)
        accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
        coding = next((coding for coding in variants if coding in accepted or "*" in accepted), None)
        if coding is None:
            return super().send_head()
        copy = open(variants[coding], "rb")
        stat = os.fstat(copy.fileno())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", coding)
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True))
        self.end_headers()
        return copy

    def end_headers(self):
        if getattr(self, "has_variants", False):
            self.send_header("Vary", "Accept-Encoding")
        super().end_headers()


class _HostHandler(QuietHandler):
    def end_headers(self):
        path = urlsplit(self.path).path
        for pattern, headers in read_headers_file(Path(self.directory)):
            if fnmatch.fnmatchcase(path, pattern):
                for name, value in headers:
                    self.send_header(name, value)
        super().end_headers()


class SiteServer:
    def __init__(self, site: Path, handler=_HostHandler):
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self):
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.httpd = None


# Debian's Chromium, as the tests and the bench launch it (Playwright cannot download browsers here).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
