"""The browser runtime served with the site: Pyodide from npm, the engine as a
pure-Python wheel, and a pyodide-lock.json whose sha256 values guard every
wheel: the worker fetches the engine's with Subresource Integrity while Pyodide
boots, and `loadPackage` checks the others (openpyxl) when they are needed."""

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from build_tools.paths import NODE_MODULES, ROOT, SITE_SRC

PYODIDE_DIR = NODE_MODULES / "pyodide"
# Copied as they are; python_stdlib.zip is served trimmed and compiled (stdlib.py).
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
ENGINE_SOURCE = SITE_SRC


class RuntimeError_(Exception):
    pass


def _essential(stderr: str) -> str:
    """What a failed Node.js run says: the Python traceback when Pyodide raised one
    (Node.js then prints a page of minified source around it), else the end of stderr."""
    lignes = stderr.strip().splitlines()
    debuts = [i for i, ligne in enumerate(lignes) if ligne.startswith("Traceback (most recent call last)")]
    if not debuts:
        return stderr.strip()[-800:]
    trace = []
    for ligne in lignes[debuts[-1] :]:
        if ligne.lstrip().startswith("at "):
            break
        trace.append(ligne)
    return "\n".join(trace).strip()[-2000:]


def run_node(script: Path, *arguments, what: str, timeout: int = 300) -> None:
    """Runs one of the build's Node.js scripts; `what` names the step in the French message of a failure."""
    try:
        subprocess.run(["node", str(script), *map(str, arguments)], cwd=ROOT, check=True, capture_output=True, text=True, timeout=timeout)
    except FileNotFoundError:
        raise RuntimeError_("Node.js introuvable (commande node) : lancez scripts/setup") from None
    except subprocess.CalledProcessError as exc:
        raise RuntimeError_(f"{what} impossible : {_essential(exc.stderr)}") from exc
    except subprocess.TimeoutExpired:
        raise RuntimeError_(f"{what} impossible : Node.js n'a pas répondu en {timeout // 60} minutes") from None


def pyodide_files() -> dict:
    """{name: path} of the runtime files copied as they are."""
    missing = [name for name in PYODIDE_FILES + ("pyodide-lock.json", "python_stdlib.zip") if not (PYODIDE_DIR / name).exists()]
    if missing:
        raise RuntimeError_(f"Pyodide absent de node_modules ({', '.join(missing)}) : lancez scripts/setup (npm ci).")
    return {name: PYODIDE_DIR / name for name in PYODIDE_FILES}


def build_wheel(source: Path, out_dir: Path) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--disable-pip-version-check",
            "--wheel-dir",
            str(out_dir),
            str(source),
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    wheels = sorted(out_dir.glob("*.whl"), key=lambda p: p.stat().st_mtime)
    return wheels[-1]


# Third-party pure-Python wheels the browser needs (class tool: XLSX), with the
# modules they provide and the packages they depend on; versions come from
# requirements.txt so that CPython and Pyodide run the same code.
BROWSER_WHEELS = {
    "et_xmlfile": (["et_xmlfile"], []),
    "openpyxl": (["openpyxl"], ["et-xmlfile"]),
}
WHEEL_CACHE = ROOT / ".cache" / "wheels"


def pinned_version(package: str) -> str:
    wanted = re.sub(r"[-_.]+", "-", package).lower()
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        name, _, version = line.partition("==")
        if re.sub(r"[-_.]+", "-", name.strip()).lower() == wanted:
            return version.strip()
    raise RuntimeError_(f"{package} n'est pas épinglé dans requirements.txt")


def third_party_wheels() -> dict:
    """{wheel path: (imports, depends)}, downloaded once from PyPI into .cache/wheels."""
    WHEEL_CACHE.mkdir(parents=True, exist_ok=True)
    found = {}
    for package, (imports, depends) in BROWSER_WHEELS.items():
        version = pinned_version(package)
        pattern = f"{package.replace('-', '_')}-{version}-*.whl"
        wheels = sorted(WHEEL_CACHE.glob(pattern))
        if not wheels:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--disable-pip-version-check",
                    "--no-deps",
                    "--only-binary=:all:",
                    "--dest",
                    str(WHEEL_CACHE),
                    f"{package}=={version}",
                ],
                check=True,
                capture_output=True,
            )
            wheels = sorted(WHEEL_CACHE.glob(pattern))
        if not wheels or not wheels[0].name.endswith("-none-any.whl"):
            raise RuntimeError_(f"Pas de roue pure Python pour {package}=={version}")
        found[wheels[0]] = (imports, depends)
    return found


def _lock_entry(wheel: Path, imports: list, depends=()) -> dict:
    name, version = wheel.name.split("-")[:2]
    return {
        "name": re.sub(r"[-_.]+", "-", name).lower(),  # Pyodide looks packages up by canonical name
        "version": version,
        "file_name": wheel.name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package",
        "imports": imports,
        "depends": list(depends),
        "unvendored_tests": False,
        "tool": {},
    }


def lock_file(wheels: dict) -> str:
    """pyodide-lock.json listing only the packages the site ships ({wheel: (imports, depends)})."""
    upstream = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    packages = {}
    for wheel, (imports, depends) in wheels.items():
        entry = _lock_entry(wheel, imports, depends)
        packages[entry["name"]] = entry
    return json.dumps({"info": upstream["info"], "packages": packages}, indent=1, sort_keys=True)


def engine_wheel(work: Path) -> Path:
    """Build the engine wheel from a clean copy of its sources (no stale build/
    folder can slip into it), inside `work`, a folder the caller removes."""
    source = work / "source"
    source.mkdir()
    shutil.copy(ENGINE_SOURCE / "pyproject.toml", source)
    shutil.copytree(ENGINE_SOURCE / "bts_inscription", source / "bts_inscription", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return build_wheel(source, work)
