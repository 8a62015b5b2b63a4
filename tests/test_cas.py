"""The YAML cases next to the rules: profile -> expected pieces and errors."""

import functools
from pathlib import Path

import pytest

from bts_inscription import checklist
from build_tools import schema_check
from build_tools.compiler import compile_edition
from build_tools.yaml_strict import load_file
from tests.conftest import RULES


def _cases():
    for path in sorted(RULES.glob("*/cas/*.yaml")):
        loaded, errors = load_file(path, str(path.relative_to(RULES.parent)))
        assert not errors, errors
        schema_errors = schema_check.check(loaded, "cas")
        assert not schema_errors, [str(e) for e in schema_errors]
        for index, case in enumerate(loaded.data["cas"]):
            line = loaded.position(("cas", index))[0]
            yield pytest.param(path, line, case, id=f"{path.parent.parent.name}/{path.name}:{line}:{case['nom']}")


CASES = list(_cases())


def test_there_are_enough_cases():
    assert len(CASES) >= 60


def test_case_names_are_unique():
    names = [param.values[2]["nom"] for param in CASES]
    assert len(names) == len(set(names))


@functools.cache
def bundle_of(edition: str) -> dict:
    compilation = compile_edition(RULES / edition, check_coverage=False)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle


@pytest.mark.parametrize("path, line, case", CASES)
def test_case(path: Path, line: int, case: dict):
    bundle = bundle_of(path.parent.parent.name)
    where = f"{path.relative_to(RULES.parent)}:{line}: cas « {case['nom']} »"
    result = checklist(bundle, case["profil"])
    if "pieces" in case:
        got = {piece["id"]: piece["echeance"] for piece in result["pieces"]}
        assert got == case["pieces"], f"{where} : pièces différentes"
    assert sorted(e["champ"] for e in result["erreurs"]) == sorted(case.get("erreurs", [])), f"{where} : erreurs {result['erreurs']}"
    assert sorted(w["champ"] for w in result["avertissements"]) == sorted(case.get("avertissements", [])), (
        f"{where} : avertissements {result['avertissements']}"
    )
