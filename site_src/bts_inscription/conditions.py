"""The condition language of the rules, in one place.

A condition is a small tree of YAML mappings. Each kind of node is declared
once in `KINDS`, with everything every consumer needs: how it is evaluated,
its children, the profile fields it reads, how it is said in French and its
JSON Schema. The engine, the site's pages, the cross-reference checks, the
enumeration of profiles and the diff between editions all go through this
module; nothing else walks a condition.

A leaf tests one field (`champ`, which may be `ligne.<colonne>` inside a
table's row checks) with exactly one test key. Combinations are `tous`,
`au_moins_un` and `non`; `toujours` always holds. Any node may carry a
`motif`: when the node holds, its motif replaces the reasons of its children.

A compiled condition is a function profile -> tuple of motifs, or None when
the condition does not hold.
"""

from collections.abc import Callable
from dataclasses import dataclass

from bts_inscription.dates import date_fr

_AUCUN = ()
_ABSENT = object()


def read_field(profil: dict, champ: str):
    """A field's value, following `ligne.note`-style paths; _ABSENT if missing."""
    valeur = profil
    for part in champ.split("."):
        if not isinstance(valeur, dict) or part not in valeur:
            return _ABSENT
        valeur = valeur[part]
    return valeur


def _typed(valeur) -> tuple:
    # (type, value) pairs, so that true never equals 1 as it would in Python.
    return (type(valeur), valeur)


def _magnitude(valeur):
    """What `au_moins` / `au_plus` compare: a number, a list's length, or an ISO date text."""
    if isinstance(valeur, bool):
        return None
    if isinstance(valeur, (int, float, str)):
        return valeur
    if isinstance(valeur, list):
        return len(valeur)
    return None


def _comparable(valeur, seuil) -> bool:
    if isinstance(seuil, str):
        return isinstance(valeur, str)
    return isinstance(valeur, (int, float)) and not isinstance(valeur, bool)


@dataclass(frozen=True)
class Kind:
    """One kind of condition node, identified by its key."""

    key: str
    schema: dict
    # leaf kinds: (expected operand) -> test of the field's value
    test: Callable = None
    # leaf kinds: the operand values to check against the field's domain
    values: Callable = None
    # French description; for leaves, of (field label, operand labels, operand)
    describe: Callable = None
    children: Callable = None
    combine: Callable = None

    @property
    def leaf(self) -> bool:
        return self.test is not None


def _combine_tous(enfants):
    def tous(profil):
        motifs = _AUCUN
        for enfant in enfants:
            m = enfant(profil)
            if m is None:
                return None
            motifs += m
        return motifs

    return tous


def _combine_au_moins_un(enfants):
    def au_moins_un(profil):
        for enfant in enfants:
            m = enfant(profil)
            if m is not None:
                return m
        return None

    return au_moins_un


def _combine_non(enfants):
    (enfant,) = enfants
    return lambda profil: _AUCUN if enfant(profil) is None else None


def _test_egal(attendu):
    cle = _typed(attendu)
    return lambda valeur: valeur is not _ABSENT and _typed(valeur) == cle


def _test_dans(permises):
    cles = frozenset(_typed(v) for v in permises)
    return lambda valeur: valeur is not _ABSENT and _typed(valeur) in cles


def _test_contient(attendu):
    cle = _typed(attendu)
    return lambda valeur: isinstance(valeur, list) and any(_typed(v) == cle for v in valeur)


def _test_non_vide(_):
    return lambda valeur: valeur is not _ABSENT and bool(valeur)


def _test_au_moins(seuil):
    def test(valeur):
        mesure = _magnitude(valeur)
        return mesure is not None and _comparable(mesure, seuil) and mesure >= seuil

    return test


def _test_au_plus(seuil):
    def test(valeur):
        mesure = _magnitude(valeur)
        return mesure is not None and _comparable(mesure, seuil) and mesure <= seuil

    return test


def _said(operande) -> str:
    """A threshold as a sentence says it: a date the French way, a number as it is."""
    if isinstance(operande, str):
        try:
            return date_fr(operande)
        except ValueError:
            return operande
    return str(int(operande)) if isinstance(operande, float) and operande.is_integer() else str(operande)


def _quote(labels) -> str:
    return ", ".join(f"« {label} »" for label in labels)


_VALEUR = {"type": ["string", "boolean", "integer"]}
_NOMBRE_OU_DATE = {
    "oneOf": [{"type": "number"}, {"$ref": "commun.schema.json#/$defs/date"}, {"$ref": "commun.schema.json#/$defs/reference_valeur"}]
}
_CONDITION = {"$ref": "#"}

KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            "toujours",
            {"const": True},
            children=lambda node: [],
            combine=lambda enfants: lambda profil: _AUCUN,
            describe=lambda node, say: "tous les candidats et toutes les candidates",
        ),
        Kind(
            "tous",
            {"type": "array", "minItems": 1, "items": _CONDITION},
            children=lambda node: node["tous"],
            combine=_combine_tous,
            describe=lambda node, say: " et ".join(say(c) for c in node["tous"]),
        ),
        Kind(
            "au_moins_un",
            {"type": "array", "minItems": 1, "items": _CONDITION},
            children=lambda node: node["au_moins_un"],
            combine=_combine_au_moins_un,
            describe=lambda node, say: " ; ou ".join(say(c) for c in node["au_moins_un"]),
        ),
        Kind(
            "non",
            _CONDITION,
            children=lambda node: [node["non"]],
            combine=_combine_non,
            describe=lambda node, say: f"sauf : {say(node['non'])}",
        ),
        Kind(
            "egal",
            _VALEUR,
            test=_test_egal,
            values=lambda operande: [operande],
            describe=lambda libelle, labels, operande: (
                f"{libelle} : {labels[0]}" if isinstance(operande, bool) else f"{libelle} : {_quote(labels)}"
            ),
        ),
        Kind(
            "dans",
            {"oneOf": [{"type": "array", "minItems": 1, "items": _VALEUR}, {"$ref": "commun.schema.json#/$defs/reference_valeur"}]},
            test=_test_dans,
            values=lambda operande: list(operande),
            describe=lambda libelle, labels, operande: f"{libelle} : {_quote(labels)}",
        ),
        Kind(
            "contient",
            _VALEUR,
            test=_test_contient,
            values=lambda operande: [operande],
            describe=lambda libelle, labels, operande: f"{libelle} : « {labels[0]} » choisie",
        ),
        Kind(
            "non_vide",
            {"const": True},
            test=_test_non_vide,
            values=lambda operande: [],
            describe=lambda libelle, labels, operande: f"{libelle} (au moins une réponse)",
        ),
        Kind(
            "au_moins",
            _NOMBRE_OU_DATE,
            test=_test_au_moins,
            values=lambda operande: [],
            describe=lambda libelle, labels, operande: f"{libelle} : au moins {_said(operande)}",
        ),
        Kind(
            "au_plus",
            _NOMBRE_OU_DATE,
            test=_test_au_plus,
            values=lambda operande: [],
            describe=lambda libelle, labels, operande: f"{libelle} : au plus {_said(operande)}",
        ),
    )
}

LEAF_KEYS = tuple(key for key, kind in KINDS.items() if kind.leaf)


class ConditionError(ValueError):
    """A node that is not a condition (the schema check reports it in French first)."""


def kind_of(node: dict) -> Kind:
    found = [KINDS[key] for key in node if key in KINDS]
    if len(found) != 1:
        raise ConditionError(f"condition sans type ou à plusieurs types : {sorted(node)}")
    kind = found[0]
    if kind.leaf != ("champ" in node):
        raise ConditionError(f"« {kind.key} » {'demande' if kind.leaf else 'refuse'} un « champ »")
    return kind


def compile_condition(node: dict) -> Callable:
    """Turn a condition into a function profile -> tuple of motifs, or None."""
    kind = kind_of(node)
    if kind.leaf:
        champ, test = node["champ"], kind.test(node[kind.key])
        holds = lambda profil: _AUCUN if test(read_field(profil, champ)) else None
    else:
        holds = kind.combine([compile_condition(child) for child in kind.children(node)])
    if "motif" not in node:
        return holds
    propre = (node["motif"],)
    return lambda profil: None if holds(profil) is None else propre


def children(node: dict) -> list:
    kind = kind_of(node)
    return [] if kind.leaf else list(kind.children(node))


def walk(node: dict, path=()):
    """Every (path, node) of a condition, the node itself first."""
    yield path, node
    kind = kind_of(node)
    if kind.leaf:
        return
    if kind.key == "non":
        yield from walk(node["non"], path + ("non",))
        return
    for index, child in enumerate(children(node)):
        yield from walk(child, path + (kind.key, index))


def leaves(node: dict):
    """(path, field, test key, operand) for every leaf of a condition."""
    for path, sub in walk(node):
        kind = kind_of(sub)
        if kind.leaf:
            yield path, sub["champ"], kind.key, sub[kind.key]


def fields_read(node: dict) -> set:
    """The profile fields a condition reads (`ligne.x` counts as `ligne.x`)."""
    return {champ for _, champ, _, _ in leaves(node)}


def operand_values(node: dict):
    """(path inside the leaf, field, value) for each value a leaf compares a field with."""
    for path, champ, key, operande in leaves(node):
        values = KINDS[key].values(operande)
        for index, value in enumerate(values):
            yield (path + (key, index) if key == "dans" else path + (key,)), champ, value


def thresholds(node: dict, champ: str) -> list:
    """The numbers or dates a condition compares `champ` with (for enumerating profiles)."""
    return [operande for _, lu, key, operande in leaves(node) if lu == champ and key in ("au_moins", "au_plus")]


def describe(node: dict, field_label: Callable, value_label: Callable) -> str:
    """A condition said in French: field_label(champ), value_label(champ, value)."""

    def say(sub):
        kind = kind_of(sub)
        if not kind.leaf:
            return kind.describe(sub, say)
        champ, operande = sub["champ"], sub[kind.key]
        labels = [value_label(champ, v) for v in kind.values(operande)]
        return kind.describe(field_label(champ), labels, operande)

    return say(node)


def schema() -> dict:
    """The JSON Schema of a condition, made from the registry (see build_tools.schema_check)."""
    properties = {key: kind.schema for key, kind in KINDS.items()}
    properties["champ"] = {
        "type": "string",
        "pattern": "^[a-z0-9_]+(\\.[a-z0-9_]+)?$",
        "description": "champ du profil (ou ligne.colonne dans un contrôle de ligne)",
    }
    properties["motif"] = {"$ref": "commun.schema.json#/$defs/texte"}
    one_of = [{"required": [key]} if not kind.leaf else {"required": ["champ", key]} for key, kind in KINDS.items()]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "condition.schema.json",
        "description": "une condition : "
        + ", ".join(k for k in KINDS if not KINDS[k].leaf)
        + ", ou un « champ » avec "
        + ", ".join(LEAF_KEYS[:-1])
        + " ou "
        + LEAF_KEYS[-1],
        "type": "object",
        "additionalProperties": False,
        "oneOf": one_of,
        "properties": properties,
    }
