import pytest

from build_tools import paths
from build_tools.compiler import compile_edition

ROOT, RULES = paths.ROOT, paths.RULES
EDITION = RULES / "2026"


@pytest.fixture(scope="session")
def bundle():
    compilation = compile_edition(EDITION)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle
