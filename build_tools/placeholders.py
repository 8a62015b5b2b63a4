"""Let one rule quote another: `{valeur:file.key.id…}`, `{date:echeance}`,
`{date_jour:echeance}` inside any text are replaced at compile time, so a
figure or a date is written once in rules/ and quoted everywhere else."""

import re

from bts_inscription.champs import lookup
from bts_inscription.dates import date_fr, date_jour_fr
from build_tools.messages import texte

_PLACEHOLDER = re.compile(r"\{(valeur|date|date_jour):([a-z0-9_.-]+)\}")
_MISSING = object()


def edition_identity(edition: dict) -> dict:
    """edition.yaml as the rules quote it and as the bundle's `identite`: with
    its optional keys' defaults (`designation`: « l'académie de » + academie)."""
    return {"designation": f"l'académie de {edition.get('academie')}", **edition}


def _is_reference(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("valeur"), str) and set(value) <= {"valeur", "plus", "moins"}


def _format(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


class _Resolver:
    def __init__(self, files: dict, unreadable=()):
        self.files = files
        self.data = {stem: loaded.data for stem, loaded in files.items()}
        if isinstance(self.data.get("edition"), dict):
            self.data["edition"] = edition_identity(self.data["edition"])
        self.unreadable = set(unreadable)  # stems that could not be read: what they hold is not checked
        self.errors: list = []

    def missing(self, stem, path, ref, target):
        if target.partition(".")[0] not in self.unreadable:
            self.errors.append(self.files[stem].error(path, texte("valeur_introuvable", ref=ref)))

    def replace(self, stem, path, text):
        def one(match):
            kind, ref = match.groups()
            target = f"calendrier.echeances.{ref}.date" if kind != "valeur" else ref
            value = lookup(self.data, target, _MISSING)
            if value is _MISSING or isinstance(value, (dict, list)):
                self.missing(stem, path, f"{kind}:{ref}", target)
                return match.group(0)
            if kind == "valeur":
                return _format(value)
            try:
                return date_fr(value) if kind == "date" else date_jour_fr(value)
            except (TypeError, ValueError):
                return match.group(0)  # the calendar check reports the bad date itself

        return _PLACEHOLDER.sub(one, text)

    def reference(self, stem, path, node):
        """{valeur: file.key…, plus: …, moins: …} -> the value it names, computed."""
        value = lookup(self.data, node["valeur"], _MISSING)
        if value is _MISSING or isinstance(value, dict):
            self.missing(stem, path, f"valeur:{node['valeur']}", node["valeur"])
            return node
        for key, sign in (("plus", 1), ("moins", -1)):
            if key not in node:
                continue
            offset = self.reference(stem, path + (key,), node[key]) if isinstance(node[key], dict) else node[key]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (value, offset)):
                self.errors.append(self.files[stem].error(path, texte("valeur_non_nombre", ref=node["valeur"])))
                return node
            value = value + sign * offset
        return value

    def walk(self, stem, value, path=()):
        if _is_reference(value):
            return self.reference(stem, path, value)
        if isinstance(value, str):
            return self.replace(stem, path, value)
        if isinstance(value, list):
            return [self.walk(stem, item, path + (index,)) for index, item in enumerate(value)]
        if isinstance(value, dict):
            return {key: self.walk(stem, item, path + (key,)) for key, item in value.items()}
        return value


def resolve(files: dict, unreadable=()) -> tuple:
    """Return ({stem: resolved data}, [RuleError]); a reference into one of the
    `unreadable` files is left as written, without an error."""
    resolver = _Resolver(files, unreadable)
    resolved = {stem: resolver.walk(stem, loaded.data) for stem, loaded in files.items()}
    return resolved, resolver.errors
