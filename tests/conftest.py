import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
EDITION = RULES / "2026"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from build_tools.compiler import compile_edition  # noqa: E402


@pytest.fixture(scope="session")
def bundle():
    compilation = compile_edition(EDITION)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle
