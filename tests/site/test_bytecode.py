"""The engine wheel carries the bytecode of Pyodide's Python, and stays a valid
wheel that CPython imports from its sources."""

import base64
import hashlib
import importlib.util
import subprocess
import sys
import zipfile

import pytest

from build_tools.site import bytecode, runtime


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    built = runtime.engine_wheel(tmp_path_factory.mktemp("roue"))
    modules = {name for name in zipfile.ZipFile(built).namelist() if name.endswith(".py")}
    bytecode.add_bytecode(built)
    return built, modules


def test_every_module_has_a_checked_hash_pyc_of_another_python(wheel):
    path, modules = wheel
    archive = zipfile.ZipFile(path)
    pycs = {name for name in archive.namelist() if name.endswith(".pyc")}
    assert pycs == {name + "c" for name in modules}
    for name in pycs:
        header = archive.read(name)[:16]
        assert header[:4] != importlib.util.MAGIC_NUMBER, f"{name} : bytecode de CPython {sys.version_info[:2]}"
        assert int.from_bytes(header[4:8], "little") == 0b11, f"{name} : pas un .pyc à empreinte vérifiée"


def test_record_lists_every_file_with_its_hash(wheel):
    path, _ = wheel
    archive = zipfile.ZipFile(path)
    record_name = next(name for name in archive.namelist() if name.endswith(".dist-info/RECORD"))
    listed = {}
    for line in archive.read(record_name).decode().splitlines():
        name, digest, size = line.rsplit(",", 2)
        listed[name] = (digest, size)
    assert set(listed) == set(archive.namelist())
    for name, (digest, size) in listed.items():
        if name == record_name:
            assert (digest, size) == ("", "")
            continue
        data = archive.read(name)
        expected = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        assert (digest, int(size)) == (expected, len(data)), name


def test_cpython_ignores_the_foreign_bytecode_and_runs_the_sources(wheel):
    path, _ = wheel
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import json, bts_inscription.bridge as p; "
        "print(p.Engine.__init__.__code__.co_filename)"
    )
    result = subprocess.run([sys.executable, "-I", "-c", code, str(path)], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"{path}/bts_inscription/bridge.py"
