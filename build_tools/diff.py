"""What changed between two editions, computed from their compiled rules.

Each change is a dict {"type", "id", "avant", "apres", "message"} whose
message is French, so that the same list feeds the command, the JSON output
and the "Nouveautés" page of the site.
"""

from bts_inscription.checklist import pieces_for
from bts_inscription.conditions import fields_read
from bts_inscription.dates import date_fr, echeance_fr
from bts_inscription.enumeration import distinct_profils
from bts_inscription.regles import Regles

# Regulatory figures worth announcing: the numbers and yes/no values of these files.
REGULATORY_FILES = ("reglementation", "categories")


def _change(kind, ident, avant, apres, message) -> dict:
    return {"type": kind, "id": ident, "avant": avant, "apres": apres, "message": message}


def _compare(before: dict, after: dict) -> tuple:
    """(added, removed, kept) ids, in the rules' order so that the output never depends on
    the hash seed: added and kept in the new edition's order, removed in the old one's."""
    return ([i for i in after if i not in before], [i for i in before if i not in after], [i for i in after if i in before])


def _pieces(old, new) -> list:
    before = {p["id"]: p for p in old.pieces}
    after = {p["id"]: p for p in new.pieces}
    added, removed, kept = _compare(before, after)
    changes = []
    for ident in added:
        piece = after[ident]
        changes.append(
            _change(
                "piece_ajoutee",
                ident,
                None,
                piece["libelle"],
                f"Pièce ajoutée : « {piece['libelle']} » "
                f"({new.bundle['calendrier']['formule'].replace('{date}', date_fr(new.echeances[piece['echeance']]['date']))}).",
            )
        )
    for ident in removed:
        changes.append(_change("piece_retiree", ident, before[ident]["libelle"], None, f"Pièce retirée : « {before[ident]['libelle']} »."))
    for ident in kept:
        if before[ident]["condition"] != after[ident]["condition"]:
            changes.append(
                _change(
                    "piece_condition",
                    ident,
                    before[ident]["condition"],
                    after[ident]["condition"],
                    f"Conditions modifiées pour « {after[ident]['libelle']} ».",
                )
            )
        if before[ident]["echeance"] != after[ident]["echeance"]:
            old_date, new_date = old.echeances[before[ident]["echeance"]]["date"], new.echeances[after[ident]["echeance"]]["date"]
            changes.append(
                _change(
                    "piece_echeance",
                    ident,
                    old_date,
                    new_date,
                    f"« {after[ident]['libelle']} » change d'échéance : {date_fr(old_date)} → {date_fr(new_date)}.",
                )
            )
        if before[ident].get("echeance_selon", []) != after[ident].get("echeance_selon", []):
            changes.append(
                _change(
                    "piece_echeance_selon",
                    ident,
                    before[ident].get("echeance_selon", []),
                    after[ident].get("echeance_selon", []),
                    f"« {after[ident]['libelle']} » : les dates limites selon le profil sont modifiées.",
                )
            )
    return changes


def _deadlines(old, new) -> list:
    added, removed, kept = _compare(old.echeances, new.echeances)
    changes = []
    for ident in kept:
        before, after = old.echeances[ident], new.echeances[ident]
        if (before["date"], before.get("heure")) != (after["date"], after.get("heure")):
            changes.append(
                _change(
                    "echeance_deplacee",
                    ident,
                    before["date"],
                    after["date"],
                    f"Date limite « {after['libelle']} » : {echeance_fr(before)} → {echeance_fr(after)}.",
                )
            )
    for ident in added:
        echeance = new.echeances[ident]
        changes.append(
            _change(
                "echeance_ajoutee",
                ident,
                None,
                echeance["date"],
                f"Nouvelle date limite « {echeance['libelle']} » : {date_fr(echeance['date'])}.",
            )
        )
    for ident in removed:
        changes.append(
            _change(
                "echeance_retiree",
                ident,
                old.echeances[ident]["date"],
                None,
                f"Date limite supprimée : « {old.echeances[ident]['libelle']} ».",
            )
        )
    return changes


def _values(old, new) -> list:
    """Values a choice field offers (categories, specialties, optional languages…) added or withdrawn."""
    changes = []
    for champ in new.champs.values():
        if not champ.a_valeurs or champ.id not in old.champs:
            continue
        before, after = old.champs[champ.id].valeurs({}), champ.valeurs({})
        added, removed, _ = _compare(before, after)
        changes += [
            _change("valeur_ajoutee", f"{champ.id}/{v}", None, v, f"« {champ.libelle} » : ajout de « {after[v]['libelle']} ».")
            for v in added
        ]
        changes += [
            _change("valeur_retiree", f"{champ.id}/{v}", v, None, f"« {champ.libelle} » : retrait de « {before[v]['libelle']} ».")
            for v in removed
        ]
    return changes


def _values_by_choice(old, new) -> list:
    """For a field whose values depend on another answer (the options of a specialty), what changed per answer."""
    changes = []
    for champ in new.champs.values():
        if champ.id not in old.champs:
            continue
        for selon in champ.selon:
            if selon not in old.champs:
                continue
            choix_avant, choix_apres = old.champs[selon].toutes_valeurs(), new.champs[selon].toutes_valeurs()
            for choisi in [c for c in choix_apres if c in choix_avant]:
                before = list(old.champs[champ.id].valeurs({selon: choisi}))
                after = list(champ.valeurs({selon: choisi}))
                if before != after:
                    changes.append(
                        _change(
                            "valeurs_selon",
                            f"{champ.id}/{choisi}",
                            before,
                            after,
                            f"« {champ.libelle} » pour « {choix_apres[choisi]['libelle']} » : "
                            f"{', '.join(before) or 'aucune'} → {', '.join(after) or 'aucune'}.",
                        )
                    )
    return changes


def _specific_pieces(regles) -> dict:
    """{(specialty, option…): set of specialty-specific pieces some candidate of it gets}."""
    track_fields = regles.champs.organisant_les_pages()
    specific = {p["id"] for p in regles.pieces if fields_read(p["condition"]) & set(track_fields)}
    tracks = {}
    for profil in distinct_profils(regles.bundle):
        key = tuple(profil.get(champ) for champ in track_fields)
        tracks.setdefault(key, set()).update(p["id"] for p in pieces_for(regles, profil) if p["id"] in specific)
    return tracks


def _track_pieces(old, new) -> list:
    changes = []
    before, after = _specific_pieces(old), _specific_pieces(new)
    labels = [new.champs[champ] for champ in new.champs.organisant_les_pages()]
    for key in [k for k in after if k in before and before[k] != after[k]]:
        name = ", ".join(f"{champ.libelle.lower()} {champ.etiquette(v)}" for champ, v in zip(labels, key) if v is not None)
        added, removed = sorted(after[key] - before[key]), sorted(before[key] - after[key])
        changes.append(
            _change(
                "pieces_propres",
                "/".join(v for v in key if v),
                removed,
                added,
                f"Pièces propres à « {name} » : "
                + " ; ".join([f"ajout de {', '.join(added)}"] * bool(added) + [f"retrait de {', '.join(removed)}"] * bool(removed))
                + ".",
            )
        )
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
                changes.append(
                    _change(
                        "valeur_reglementaire",
                        f"{name}.{path}",
                        before.get(path),
                        after.get(path),
                        f"Valeur réglementaire « {name}.{path} » : {before.get(path)} → {after.get(path)}.",
                    )
                )
    return changes


def diff_bundles(old_bundle: dict, new_bundle: dict) -> list:
    old, new = Regles(old_bundle), Regles(new_bundle)
    return (
        _pieces(old, new)
        + _deadlines(old, new)
        + _values(old, new)
        + _values_by_choice(old, new)
        + _track_pieces(old, new)
        + _regulation(old, new)
    )
