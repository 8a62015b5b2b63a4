"""Values still to confirm in an edition (`a_confirmer` in edition.yaml):
where they are, the warnings `validate` prints, and the refusal to publish.

An entry is the path of a value (file.key.id…). Its warning depends on what
it names: the news still to write, a source (citing the previous edition's
note), a text (naming the previous session or its dates), or a date shifted
by one year."""

import re

from build_tools.crossref import is_source_list
from build_tools.messages import texte
from build_tools.yaml_strict import RuleError

# The entry nouvelle-edition lists for the news still to write (nouveautes.yaml), with its own warning.
NEWS_TO_WRITE = "nouveautes.a_rediger"
# How much of a text to reread the warning quotes.
EXCERPT = 90
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def readable_path(data, path) -> str:
    """('echeances', 0, 'date') -> 'echeances.depot_pieces.date' (list items by id)."""
    parts, current = [], data
    for key in path:
        current = current[key]
        parts.append(str(current["id"]) if isinstance(key, int) and isinstance(current, dict) and "id" in current else str(key))
    return ".".join(parts)


def resolve_path(data, dotted: str):
    """The inverse of readable_path: a tuple path, or None if it does not exist."""
    path, current = [], data
    for part in dotted.split("."):
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif isinstance(current, list):
            index = next((i for i, item in enumerate(current) if isinstance(item, dict) and str(item.get("id")) == part), None)
            if index is None and part.isdigit() and int(part) < len(current):
                index = int(part)
            if index is None:
                return None
            path.append(index)
            current = current[index]
        else:
            return None
    return tuple(path)


def _excerpt(text: str, session) -> str:
    """The text, or at most about EXCERPT characters of it around the previous
    session's year when it names it, cut between words."""
    if len(text) <= EXCERPT:
        return text
    at = text.find(str(session - 1)) if isinstance(session, int) and not isinstance(session, bool) else -1
    start = max(0, at - EXCERPT // 2)
    if start:
        start = text.find(" ", start) + 1 or start
    end = text.rfind(" ", start, start + EXCERPT)
    end = end if end > start else start + EXCERPT
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _warning(entry: str, path, value, files) -> tuple:
    """(message code, values) of the warning about one value to confirm."""
    if entry == NEWS_TO_WRITE:
        return "nouveautes_a_rediger", {}
    if is_source_list(path[:-1]) and isinstance(value, dict) and isinstance(value.get("texte"), str):
        textes = files["textes"].data.get("textes", []) if "textes" in files and isinstance(files["textes"].data, dict) else []
        court = next((t.get("court", t["id"]) for t in textes if isinstance(t, dict) and t.get("id") == value["texte"]), value["texte"])
        return "citation_a_confirmer", {"court": court, "texte": value["texte"]}
    if isinstance(value, str) and not _DATE.match(value):
        session = files["edition"].data.get("session")
        return "texte_a_relire", {"extrait": _excerpt(value, session)}
    return "a_confirmer", {"valeur": value}


def unconfirmed(files: dict) -> list:
    """One warning per value still listed in edition.yaml `a_confirmer`, at the value's place."""
    edition = files["edition"]
    entries = edition.data.get("a_confirmer", []) if isinstance(edition.data, dict) else []
    warnings = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, str):
            continue  # the schema says so
        stem, _, dotted = entry.partition(".")
        loaded = files.get(stem)
        path = resolve_path(loaded.data, dotted) if loaded and dotted else None
        if path is None:
            warnings.append(edition.error(("a_confirmer", index), texte("confirmer_inconnu", valeur=entry)))
            continue
        value = loaded.data
        for key in path:
            value = value[key]
        code, values = _warning(entry, path, value, files)
        warnings.append(loaded.error(path, texte(code, chemin=entry, **values), niveau="avertissement"))
    return warnings


def publication_refusals(compilation) -> list:
    return [
        RuleError(w.fichier, w.ligne, w.colonne, texte("publication_refusee", message=w.message))
        for w in compilation.avertissements
        if w.niveau == "avertissement"
    ]
