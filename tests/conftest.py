from pathlib import Path

import pytest

from build_tools.compiler import compile_edition

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
EDITION = RULES / "2026"


@pytest.fixture(scope="session")
def bundle():
    compilation = compile_edition(EDITION)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle
