"""What changed between two editions, computed from their compiled rules.

Each change is a dict {"type", "id", "avant", "apres", "message"} whose
message is French, so that the same list feeds the command, the JSON output
and the "Nouveautés" page of the site.
"""

from bts_inscription.checklist import pieces_pour
from bts_inscription.dates import date_fr
from bts_inscription.enumeration import profils_distincts
from bts_inscription.regles import Regles

# Regulatory figures worth announcing: the numbers and yes/no values of these files.
REGULATORY_FILES = ("reglementation", "categories")


def _change(kind, ident, avant, apres, message) -> dict:
    return {"type": kind, "id": ident, "avant": avant, "apres": apres, "message": message}


def _mentions_specialty(node) -> bool:
    if node.get("champ") in ("specialite", "option"):
        return True
    children = node.get("tous", []) + node.get("au_moins_un", []) + ([node["non"]] if "non" in node else [])
    return any(_mentions_specialty(child) for child in children)


def _compare(before: dict, after: dict) -> tuple:
    """(added, removed, kept) ids, in the rules' order so that the output never depends on
    the hash seed: added and kept in the new edition's order, removed in the old one's."""
    return ([i for i in after if i not in before], [i for i in before if i not in after],
            [i for i in after if i in before])


def _pieces(old, new) -> list:
    before = {p["id"]: p for p in old.pieces}
    after = {p["id"]: p for p in new.pieces}
    added, removed, kept = _compare(before, after)
    changes = []
    for ident in added:
        piece = after[ident]
        changes.append(_change("piece_ajoutee", ident, None, piece["libelle"],
                               f"Pièce ajoutée : « {piece['libelle']} » (au plus tard le {date_fr(new.echeances[piece['echeance']]['date'])})."))
    for ident in removed:
        changes.append(_change("piece_retiree", ident, before[ident]["libelle"], None,
                               f"Pièce retirée : « {before[ident]['libelle']} »."))
    for ident in kept:
        if before[ident]["condition"] != after[ident]["condition"]:
            changes.append(_change("piece_condition", ident, before[ident]["condition"], after[ident]["condition"],
                                   f"Conditions modifiées pour « {after[ident]['libelle']} »."))
        if before[ident]["echeance"] != after[ident]["echeance"]:
            old_date, new_date = old.echeances[before[ident]["echeance"]]["date"], new.echeances[after[ident]["echeance"]]["date"]
            changes.append(_change("piece_echeance", ident, old_date, new_date,
                                   f"« {after[ident]['libelle']} » change d'échéance : {date_fr(old_date)} → {date_fr(new_date)}."))
    return changes


def _deadlines(old, new) -> list:
    added, removed, kept = _compare(old.echeances, new.echeances)
    changes = []
    for ident in kept:
        before, after = old.echeances[ident]["date"], new.echeances[ident]["date"]
        if before != after:
            changes.append(_change("echeance_deplacee", ident, before, after,
                                   f"Date limite « {new.echeances[ident]['libelle']} » : {date_fr(before)} → {date_fr(after)}."))
    for ident in added:
        echeance = new.echeances[ident]
        changes.append(_change("echeance_ajoutee", ident, None, echeance["date"],
                               f"Nouvelle date limite « {echeance['libelle']} » : {date_fr(echeance['date'])}."))
    for ident in removed:
        changes.append(_change("echeance_retiree", ident, old.echeances[ident]["date"], None,
                               f"Date limite supprimée : « {old.echeances[ident]['libelle']} »."))
    return changes


def _languages(old, new) -> list:
    before, after = set(old.langues_offertes), set(new.langues_offertes)
    label = {**{k: v["libelle"] for k, v in old.langues.items()}, **{k: v["libelle"] for k, v in new.langues.items()}}
    changes = [_change("langue_ajoutee", l, None, l, f"Langue facultative de nouveau proposée ou ajoutée : {label[l].lower()}.")
               for l in sorted(after - before)]
    changes += [_change("langue_retiree", l, l, None, f"Langue facultative retirée : {label[l].lower()}.")
                for l in sorted(before - after)]
    return changes


def _specific_pieces(regles) -> dict:
    """{(specialty, option): set of specialty-specific pieces some candidate of it gets}."""
    specific = {p["id"] for p in regles.pieces if _mentions_specialty(p["condition"])}
    tracks = {}
    for profil in profils_distincts(regles.bundle):
        key = (profil["specialite"], profil.get("option"))
        tracks.setdefault(key, set()).update(p["id"] for p in pieces_pour(regles, profil) if p["id"] in specific)
    return tracks


def _specialties(old, new) -> list:
    changes = []
    for ident in sorted(new.specialites.keys() - old.specialites.keys()):
        changes.append(_change("specialite_ajoutee", ident, None, ident, f"Spécialité ajoutée : {new.specialites[ident]['libelle']}."))
    for ident in sorted(old.specialites.keys() - new.specialites.keys()):
        changes.append(_change("specialite_retiree", ident, ident, None, f"Spécialité retirée : {old.specialites[ident]['libelle']}."))
    before, after = _specific_pieces(old), _specific_pieces(new)
    for specialite in sorted(old.specialites.keys() & new.specialites.keys()):
        old_options = set(old.options(specialite))
        new_options = set(new.options(specialite))
        if old_options != new_options:
            changes.append(_change("specialite_options", specialite, sorted(old_options), sorted(new_options),
                                   f"Options modifiées pour « {new.specialites[specialite]['libelle']} » : "
                                   f"{', '.join(sorted(old_options)) or 'aucune'} → {', '.join(sorted(new_options)) or 'aucune'}."))
        for option in sorted(new_options & old_options) or [None]:
            key = (specialite, option)
            if before.get(key, set()) != after.get(key, set()):
                name = new.specialites[specialite]["libelle"] + (f", option {option}" if option else "")
                added, removed = sorted(after.get(key, set()) - before.get(key, set())), sorted(before.get(key, set()) - after.get(key, set()))
                changes.append(_change("specialite_pieces", f"{specialite}/{option}" if option else specialite, removed, added,
                                       f"Pièces propres à « {name} » : " + " ; ".join(
                                           [f"ajout de {', '.join(added)}"] * bool(added) + [f"retrait de {', '.join(removed)}"] * bool(removed)) + "."))
        old_exams = set(old.epreuves_facultatives(specialite)) - set(old.communes)
        new_exams = set(new.epreuves_facultatives(specialite)) - set(new.communes)
        if old_exams != new_exams:
            changes.append(_change("specialite_facultatives", specialite, sorted(old_exams), sorted(new_exams),
                                   f"Épreuves facultatives propres à « {new.specialites[specialite]['libelle']} » modifiées."))
    return changes


def _leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            key = value.get("id", index) if isinstance(value, dict) else index
            yield from _leaves(value, path + (key,))
    elif isinstance(data, (int, float)):  # bools are ints too
        yield ".".join(map(str, path)), data


def _regulation(old, new) -> list:
    changes = []
    for name in REGULATORY_FILES:
        before, after = dict(_leaves(old.bundle[name])), dict(_leaves(new.bundle[name]))
        for path in sorted(before.keys() | after.keys()):
            if before.get(path) != after.get(path) or type(before.get(path)) is not type(after.get(path)):
                changes.append(_change("valeur_reglementaire", f"{name}.{path}", before.get(path), after.get(path),
                                       f"Valeur réglementaire « {name}.{path} » : {before.get(path)} → {after.get(path)}."))
    return changes


def diff_bundles(old_bundle: dict, new_bundle: dict) -> list:
    old, new = Regles(old_bundle), Regles(new_bundle)
    return (_pieces(old, new) + _deadlines(old, new) + _languages(old, new)
            + _specialties(old, new) + _regulation(old, new))
