"""Values still to confirm in an edition (`a_confirmer` in edition.yaml):
where they are, the warnings `validate` prints, and the refusal to publish."""

from build_tools.messages import texte
from build_tools.yaml_strict import RuleError

# The entry nouvelle-edition lists for the news still to write (nouveautes.yaml), with its own warning.
NEWS_TO_WRITE = "nouveautes.a_rediger"


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


def unconfirmed(files: dict) -> list:
    """One warning per value still listed in edition.yaml `a_confirmer`, at the value's place."""
    edition = files["edition"]
    warnings = []
    for index, entry in enumerate(edition.data.get("a_confirmer", [])):
        stem, _, dotted = entry.partition(".")
        loaded = files.get(stem)
        path = resolve_path(loaded.data, dotted) if loaded and dotted else None
        if path is None:
            warnings.append(edition.error(("a_confirmer", index), texte("confirmer_inconnu", valeur=entry)))
            continue
        value = loaded.data
        for key in path:
            value = value[key]
        code = "nouveautes_a_rediger" if entry == NEWS_TO_WRITE else "a_confirmer"
        warnings.append(loaded.error(path, texte(code, valeur=value, chemin=entry), niveau="avertissement"))
    return warnings


def publication_refusals(compilation) -> list:
    return [
        RuleError(w.fichier, w.ligne, w.colonne, texte("publication_refusee", message=w.message))
        for w in compilation.avertissements
        if w.niveau == "avertissement"
    ]
