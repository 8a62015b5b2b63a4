"""Validate a rule file against its JSON Schema and say what is wrong in French."""

import json
import re
from functools import cache

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from bts_inscription import conditions
from build_tools.messages import texte
from build_tools.paths import SCHEMA_DIR
from build_tools.suggestions import vocabulary_proposal

_FRENCH_DATE = re.compile(r"^(?P<jour>[0-9]{1,2})[/.](?P<mois>[0-9]{1,2})[/.](?P<annee>[0-9]{4})$")

_TYPES = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre",
    "boolean": "booléen (true ou false)",
    "array": "liste",
    "object": "objet (clés et valeurs)",
    "null": "vide",
}


def _type_name(value) -> str:
    if value is None:
        return _TYPES["null"]
    if isinstance(value, bool):
        return _TYPES["boolean"]
    if isinstance(value, int):
        return _TYPES["integer"]
    if isinstance(value, float):
        return _TYPES["number"]
    if isinstance(value, str):
        return _TYPES["string"]
    if isinstance(value, list):
        return _TYPES["array"]
    return _TYPES["object"]


def _elements(count: int) -> str:
    return f"{count} élément" + ("s" if count > 1 else "")


def _join(values) -> str:
    return ", ".join(str(value) for value in values)


@cache
def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((path.name, Resource.from_contents(schema)))
    # The condition language declares its own schema, kind by kind.
    resources.append(("condition.schema.json", Resource.from_contents(conditions.schema())))
    return Registry().with_resources(resources)


@cache
def validator_for(stem: str):
    path = SCHEMA_DIR / f"{stem}.schema.json"
    if not path.exists():
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=_registry())


@cache
def _date_pattern() -> str:
    """The pattern of a date in the rules (commun.schema.json)."""
    common = json.loads((SCHEMA_DIR / "commun.schema.json").read_text(encoding="utf-8"))
    return common["$defs"]["date"]["pattern"]


def known_stems() -> list:
    return sorted(
        path.name.removesuffix(".schema.json")
        for path in SCHEMA_DIR.glob("*.schema.json")
        if path.name not in ("commun.schema.json", "cas.schema.json")
    )


def _describe(error) -> tuple:
    """Return (path inside the file, French message) for one schema error."""
    path = tuple(error.absolute_path)
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind in ("oneOf", "anyOf") and error.context:
        deepest = best_match(error.context)
        if deepest.validator not in ("required", "oneOf", "anyOf"):
            return _describe(deepest)
        return path, texte("schema_forme", detail=error.schema.get("description", "voir les éléments voisins"))
    if kind == "required":
        missing = [key for key in expected if key not in value]
        return path, texte("schema_requis", cle=_join(missing))
    if kind == "additionalProperties" and expected is False:
        allowed = sorted(error.schema.get("properties", {}))
        unknown = [key for key in value if key not in allowed]
        proposition = vocabulary_proposal(unknown[0], allowed, "clés permises")
        return path + (unknown[0],), texte("schema_cle_inconnue", cle=unknown[0], proposition=proposition)
    if kind == "enum":
        return path, texte("schema_enum", valeur=value, proposition=vocabulary_proposal(value, expected, "valeurs permises"))
    if kind == "const":
        return path, texte("schema_enum", valeur=value, proposition=f"valeur permise : {expected}")
    if kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        return path, texte("schema_type", attendu=" ou ".join(_TYPES[name] for name in wanted), trouve=_type_name(value))
    if kind == "pattern":
        motif = error.schema.get("description", expected)
        day = _FRENCH_DATE.match(value) if expected == _date_pattern() else None
        if day:  # a date typed the French way: say how to write it
            motif += f', ici "{day["annee"]}-{int(day["mois"]):02d}-{int(day["jour"]):02d}"'
        return path, texte("schema_motif", valeur=value, motif=motif)
    if kind == "minItems":
        return path, texte("schema_min_elements", nombre=_elements(expected))
    if kind == "maxItems":
        return path, texte("schema_max_elements", nombre=_elements(expected))
    if kind == "minLength":
        return path, texte("schema_texte_vide")
    if kind in ("minimum", "exclusiveMinimum"):
        return path, texte("schema_minimum", valeur=value, min=expected)
    if kind in ("maximum", "exclusiveMaximum"):
        return path, texte("schema_maximum", valeur=value, max=expected)
    if kind == "uniqueItems":
        return path, texte("schema_unique")
    return path, texte("schema_autre", detail=error.message)


def check(loaded, stem: str) -> list:
    """Schema errors of one loaded rule file, as RuleError, in file order."""
    validator = validator_for(stem)
    errors = []
    for error in validator.iter_errors(loaded.data):
        path, message = _describe(error)
        errors.append(loaded.error(path, message))
    return sorted(set(errors), key=lambda e: (e.ligne, e.colonne, e.message))
