"""A YAML loader that keeps rule files honest.

PyYAML's safe loader reads `no` and `on` as booleans, `0123` as octal, a bare
date as a `date`, and silently keeps the last of two duplicate keys. Here plain
scalars become only: `true`/`false`, `null`/`~`/empty, decimal integers and
decimal floats; everything else stays a string. Duplicate keys, merge keys and
explicit tags are errors, reported with their line and column. Aliases are
counted as the loader composes: one that would bring the values copied by
aliases beyond VALEURS_PAR_ALIAS (an alias bomb: 1 KB that unfolds into a
billion values), or that refers to the node it is in, is an error at its line.
"""

import re
from dataclasses import dataclass, field

import yaml

from bts_inscription.limites import en_francais
from build_tools.messages import texte

_INT = re.compile(r"^-?(0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^-?(0|[1-9][0-9]*)\.[0-9]+$")
_STANDARD_TAG = "tag:yaml.org,2002:"
# The tags PyYAML's resolver gives plain YAML; any other tag was written on purpose.
_ALLOWED_TAGS = {_STANDARD_TAG + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")}


@dataclass(frozen=True)
class RuleError:
    fichier: str
    ligne: int
    colonne: int
    message: str
    niveau: str = "erreur"

    def __str__(self) -> str:
        return f"{self.fichier}:{self.ligne}:{self.colonne}: {self.message}"


@dataclass
class LoadedFile:
    """A rule file's data, and where each value sits (path tuple -> (line, column))."""

    fichier: str
    data: object
    positions: dict = field(default_factory=dict)

    def position(self, path) -> tuple:
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))

    def error(self, path, message, niveau="erreur") -> RuleError:
        line, column = self.position(path)
        return RuleError(self.fichier, line, column, message, niveau)


# PyYAML's problems, said in French; the first one found in its message wins.
_PROBLEMES = (
    ("cannot start any token", "caractère interdit à cet endroit (une tabulation ? indentez avec des espaces)"),
    ("expected <block end>", "indentation incohérente : alignez cette ligne sur ses voisines"),
    ("mapping values are not allowed", "« : » inattendu ; une valeur qui contient « : » doit être entre guillemets"),
    ("could not find expected ':'", "« : » manquant après une clé"),
    ("unexpected end of stream", "fin de fichier inattendue : un guillemet ou un crochet n'est pas fermé"),
    ("expected ',' or ']'", "liste entre crochets mal fermée"),
    ("expected ',' or '}'", "objet entre accolades mal fermé"),
    ("found undefined alias", "alias inconnu"),
)


_TROP_PROFOND = "listes ou objets imbriqués trop profondément"

# The values that aliases may copy, in all, in one file (the rules use none).
VALEURS_PAR_ALIAS = 10_000


class _AliasRefused(Exception):
    def __init__(self, mark, detail):
        super().__init__(detail)
        self.mark, self.detail = mark, detail


class _CountingLoader(yaml.SafeLoader):
    """The safe loader, counting what each node would unfold into (`values`:
    id of node -> values in it, itself included), and what aliases copy."""

    def __init__(self, stream):
        super().__init__(stream)
        self.values, self.sums, self.copied = {}, [], 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        self.sums.append(0)
        node = super().compose_node(parent, index)
        inside = self.sums.pop()
        if isinstance(event, yaml.AliasEvent):
            values = self.values.get(id(node))
            if values is None:
                raise _AliasRefused(event.start_mark, f"l'alias « *{event.anchor} » se trouve dans la valeur qu'il reprend")
            self.copied += values
            if self.copied > VALEURS_PAR_ALIAS:
                detail = f"l'alias « *{event.anchor} » porte à plus de {en_francais(VALEURS_PAR_ALIAS)} les valeurs recopiées par des alias"
                raise _AliasRefused(event.start_mark, detail)
        else:
            values = 1 + inside
            self.values[id(node)] = values
        if self.sums:
            self.sums[-1] += values
        return node


def _probleme(exc) -> str:
    english = " ".join(part for part in (exc.context, exc.problem) if part)
    return next((french for key, french in _PROBLEMES if key in english), f"structure incorrecte ({english})")


def _scalar(node):
    if node.style is not None:
        return node.value
    value = node.value
    if value in ("true", "false"):
        return value == "true"
    if value in ("", "~", "null"):
        return None
    if _INT.match(value):
        try:
            return int(value)
        except ValueError:  # more digits than Python converts (4300): left as text, the schema says what is wrong
            return value
    if _FLOAT.match(value):
        return float(value)
    return value


def _mark(node) -> tuple:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loaded: LoadedFile, errors: list):
        self.loaded = loaded
        self.errors = errors

    def error(self, node, message):
        line, column = _mark(node)
        self.errors.append(RuleError(self.loaded.fichier, line, column, message))

    def build(self, node, path=()):
        self.loaded.positions[path] = _mark(node)
        if node.tag not in _ALLOWED_TAGS:
            self.error(node, texte("yaml_balise", balise=node.tag))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self._mapping(node, path)

    def _mapping(self, node, path):
        result, seen = {}, {}
        for key_node, value_node in node.value:
            if key_node.tag == _STANDARD_TAG + "merge":
                self.error(key_node, texte("yaml_fusion"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, texte("yaml_cle_non_texte", cle="…"))
                continue
            key = key_node.value
            if key in seen:
                self.error(key_node, texte("yaml_cle_double", cle=key, ligne=seen[key]))
                continue
            seen[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node, path + (key,))
            self.loaded.positions[path + (key,)] = _mark(key_node)
        return result


def load_text(text: str, fichier: str) -> tuple:
    """Return (LoadedFile or None, [RuleError])."""
    errors: list = []
    try:
        node = yaml.compose(text, Loader=_CountingLoader)
    except _AliasRefused as exc:
        return None, [RuleError(fichier, exc.mark.line + 1, exc.mark.column + 1, texte("yaml_syntaxe", detail=exc.detail))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return None, [RuleError(fichier, line, column, texte("yaml_syntaxe", detail=_probleme(exc)))]
    except yaml.YAMLError as exc:
        return None, [RuleError(fichier, 1, 1, texte("yaml_syntaxe", detail=str(exc)))]
    except RecursionError:
        return None, [RuleError(fichier, 1, 1, texte("yaml_syntaxe", detail=_TROP_PROFOND))]
    if node is None:
        return None, [RuleError(fichier, 1, 1, texte("yaml_vide"))]
    loaded = LoadedFile(fichier, None)
    try:
        loaded.data = _Builder(loaded, errors).build(node)
    except RecursionError:
        return None, [RuleError(fichier, 1, 1, texte("yaml_syntaxe", detail=_TROP_PROFOND))]
    return loaded, errors


def load_file(path, fichier: str) -> tuple:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [RuleError(fichier, 1, 1, texte("fichier_illisible", detail=exc))]
    return load_text(text, fichier)
