"""The bench's static server, in a process of its own: `python -m bench.serveur DIR`
serves DIR, plus the bench pages under /bench/, and prints its base URL.

A server thread inside the bench's process would share the interpreter lock
with the browser driver: the more files a page asks for, the more its boot
would be slowed by the bench itself rather than by the page.
"""

import functools
import http.server
import subprocess
import sys
from pathlib import Path

from build_tools.local_server import QuietHandler
from build_tools.paths import ROOT

PAGES = Path(__file__).resolve().parent / "pages"
UPSTREAM_STDLIB_URL = "/bench/python_stdlib_amont.zip"


class _Handler(QuietHandler):
    """The built site, plus the bench pages under /bench/."""

    def translate_path(self, path):
        # The bare page's baseline: Pyodide's own standard library, as a site that trims nothing serves it.
        if path.split("?")[0] == UPSTREAM_STDLIB_URL:
            return str(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip")
        if path.startswith("/bench/"):
            return str(PAGES / path.split("?")[0].removeprefix("/bench/"))
        return super().translate_path(path)


class Serveur:
    """Serves `directory` from a child process until `arreter()`."""

    def __init__(self, directory: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.serveur", str(directory)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.url = self.process.stdout.readline().strip()
        if not self.url:
            self.process.wait()
            raise RuntimeError(f"le serveur du banc d'essai n'a pas démarré (code {self.process.returncode})")

    def arreter(self):
        self.process.terminate()
        self.process.wait()


def main(directory: str) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=directory))
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
