"""The engine wheel carries its modules' bytecode for the browser's Python.

Pyodide imports the engine from its wheel as a zip archive (zipimport), which
compiles every module from source at each boot, on the critical path of the
tool's first checklist. A `module.pyc` next to `module.py` in the archive is
used instead when its magic number is that of the running Python and its
checked hash matches the source (otherwise the source is compiled, as before).
The bytecode is made by Pyodide's own Python, run in Node.js from node_modules
(bytecode.mjs); CPython, whose magic number differs, ignores it.
"""

import base64
import hashlib
import json
import tempfile
import zipfile
from pathlib import Path

from build_tools.site.runtime import PYODIDE_DIR, ROOT, run_node

SCRIPT = Path(__file__).with_name("bytecode.mjs")
CACHE = ROOT / ".cache" / "bytecode"


def compiled_by_pyodide(sources: dict) -> dict:
    """{"pkg/mod.py": bytes} -> {"pkg/mod.pyc": bytes}, compiled by Pyodide's Python,
    or kept from an earlier build in .cache/bytecode (key: the sources, the script, Pyodide)."""
    encoded = json.dumps({path: base64.b64encode(data).decode() for path, data in sorted(sources.items())})
    key = hashlib.sha256(SCRIPT.read_bytes() + (PYODIDE_DIR / "package.json").read_bytes() + encoded.encode()).hexdigest()[:24]
    cached = CACHE / f"{key}.json"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partiel")
        partial.write_text(_compiled(encoded))
        partial.replace(cached)
    return {path: base64.b64decode(data) for path, data in json.loads(cached.read_text()).items()}


def _compiled(encoded: str) -> str:
    with tempfile.TemporaryDirectory(prefix="bts-bytecode-") as work:
        given, received = Path(work) / "sources.json", Path(work) / "bytecode.json"
        given.write_text(encoded)
        run_node(SCRIPT, given, received, what="compilation du moteur par Pyodide")
        return received.read_text()


def _record_line(path: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"


def add_bytecode(wheel: Path) -> None:
    """Rewrites `wheel` with a .pyc beside each module, listed in its RECORD."""
    with zipfile.ZipFile(wheel) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    record = next(info.filename for info, _ in entries if info.filename.endswith(".dist-info/RECORD"))
    compiled = compiled_by_pyodide({info.filename: data for info, data in entries if info.filename.endswith(".py")})
    files = []
    for info, data in entries:
        if info.filename == record:
            continue
        files.append((info, data))
        pyc = info.filename.removesuffix(".py") + ".pyc"
        if pyc in compiled:
            files.append((zipfile.ZipInfo(pyc, date_time=info.date_time), compiled[pyc]))
    lines = [_record_line(info.filename, data) for info, data in files] + [f"{record},,"]
    files.append((zipfile.ZipInfo(record, date_time=entries[0][0].date_time), ("\n".join(lines) + "\n").encode()))
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in files:
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
