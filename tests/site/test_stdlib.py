"""The standard library the site serves: the modules the site runs, traced at
build time, as bytecode of Pyodide's Python; one left out breaks the tool that
needs it, visibly."""

import importlib.util
import shutil
import zipfile

import pytest

from build_tools.local_server import QuietHandler, SiteServer
from build_tools.site.stdlib import FULL_STDLIB
from tests.site.conftest import plain_spaces
from tests.site.test_classe_navigateur import RESULT, open_class_tool, upload
from tests.test_classe import FIXTURE


@pytest.fixture(scope="module")
def served(built_site):
    return zipfile.ZipFile(built_site / "pyodide" / "python_stdlib.zip")


def test_the_served_library_holds_only_what_the_site_runs(served):
    names = set(served.namelist())
    full = [name for name in zipfile.ZipFile(FULL_STDLIB).namelist() if name.endswith(".py")]
    assert len(names) < len(full) / 3, f"{len(names)} modules sur {len(full)}"
    # Pyodide's start-up; the class tool (CSV, Windows-1252, XLSX through openpyxl); a wrong value's suggestion.
    needed = {
        "_pyodide/__init__.pyc",
        "pyodide/__init__.pyc",
        "json/__init__.pyc",
        "csv.pyc",
        "encodings/cp1252.pyc",
        "zipfile/__init__.pyc",
        "xml/etree/ElementTree.pyc",
        "difflib.pyc",
    }
    assert needed <= names, sorted(needed - names)
    unused = ("test/", "idlelib/", "tkinter/", "unittest/", "multiprocessing/", "sqlite3/", "pydoc.pyc", "doctest.pyc")
    assert not [name for name in names if name.startswith(unused)]


def test_its_modules_are_the_bytecode_of_pyodides_python(served, built_site):
    assert all(name.endswith(".pyc") for name in served.namelist()), "des sources sont restées"
    magic = {served.read(name)[:4] for name in served.namelist()}
    engine = zipfile.ZipFile(next((built_site / "pyodide").glob("bts_inscription-*.whl")))
    engine_magic = {engine.read(name)[:4] for name in engine.namelist() if name.endswith(".pyc")}
    assert magic == engine_magic, "pas le Python de Pyodide (celui de bytecode.mjs)"
    assert importlib.util.MAGIC_NUMBER not in magic


@pytest.fixture
def site_without_csv(built_site, tmp_path):
    """A copy of the site whose library lacks csv, as a trace that missed it would make it."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    library = site / "pyodide" / "python_stdlib.zip"
    with zipfile.ZipFile(built_site / "pyodide" / "python_stdlib.zip") as original, zipfile.ZipFile(library, "w") as trimmed:
        for info in original.infolist():
            if info.filename != "csv.pyc":
                trimmed.writestr(info, original.read(info))
    for copy in site.glob("pyodide/python_stdlib.zip.*"):  # precompressed copies of the complete one
        copy.unlink()
    with SiteServer(site, handler=QuietHandler) as server:
        yield server.url


def test_a_module_missing_from_the_library_makes_the_class_tool_say_so(page, site_without_csv):
    open_class_tool(page, site_without_csv)  # the engine starts without csv
    upload(page, str(FIXTURE))
    assert page.get_attribute(RESULT, "data-etat") == "erreur"
    status = plain_spaces(page.inner_text("#statut-classe"))
    assert status.startswith("Le fichier n'a pas pu être traité :") and "csv" in status
