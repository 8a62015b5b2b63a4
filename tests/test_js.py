"""The browser scripts' pure functions (site_src/widget), unit-tested by
Node's own test runner: tests/js/*.test.mjs, run here so that the suite's one
command covers them too."""

import shutil
import subprocess

from tests.conftest import ROOT

TESTS = ROOT / "tests" / "js"


def test_node_unit_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js introuvable (commande node) : lancez scripts/setup"
    files = sorted(path.relative_to(ROOT).as_posix() for path in TESTS.glob("*.test.mjs"))
    assert files, "aucun test dans tests/js"
    # The files are named (not the folder): every Node version reads the list the same way.
    result = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-20_000:] + result.stderr[-5_000:]
