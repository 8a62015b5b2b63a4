"""Every profile a candidate can validly give, for exhaustive checks."""

import itertools

from bts_inscription.checklist import pieces_pour
from bts_inscription.regles import regles_pour


def _facultatives(regles, specialite_id):
    ouvertes = list(regles.epreuves_facultatives(specialite_id))
    for taille in range(regles.facultatives["maximum"] + 1):
        for choix in itertools.combinations(ouvertes, taille):
            langue_requise = {"epreuves_facultatives": list(choix)}
            if regles.langue_requise(langue_requise) is not None:
                for langue in regles.langues_offertes:
                    yield {"epreuves_facultatives": list(choix), "langue_facultative": langue}
            else:
                yield {"epreuves_facultatives": list(choix)}


def _categories(regles):
    for categorie in regles.categories:
        for forme, regle in regles.formes.items():
            if categorie not in regle["categories"]:
                continue
            concerne = categorie in regles.champs["scolaire_en_premiere_annee"].get("categories", [])
            for premiere_annee in ([False, True] if concerne else [None]):
                profil = {"categorie": categorie, "forme": forme}
                if premiere_annee is not None:
                    profil["scolaire_en_premiere_annee"] = premiere_annee
                yield profil


def _specialites(regles):
    for specialite_id in regles.specialites:
        options = regles.options(specialite_id)
        for option in (options or [None]):
            yield {"specialite": specialite_id} if option is None else {"specialite": specialite_id, "option": option}


def profils(bundle):
    """Yield every combination of category, specialty, option and choices."""
    regles = regles_pour(bundle)
    ancienne = regles.session - 1
    for base, specialite in itertools.product(list(_categories(regles)), list(_specialites(regles))):
        note = max(regles.benefices["note_minimale"].get(base["forme"], 0), regles.bareme["note_min"])
        facultatives = list(_facultatives(regles, specialite["specialite"]))
        for dispenses, benefices, positionnement, choix in itertools.product(
            ([], ["U1"]),
            ([], [{"epreuve": "U3", "note": note, "session": ancienne}]),
            (False, True),
            facultatives,
        ):
            yield {**base, **specialite, "dispenses": dispenses, "benefices": benefices,
                   "positionnement": positionnement, **choix}


def _champs_cites(node) -> set:
    champs = {node["champ"]} if "champ" in node else set()
    for child in node.get("tous", []) + node.get("au_moins_un", []) + ([node["non"]] if "non" in node else []):
        champs |= _champs_cites(child)
    return champs


def profils_distincts(bundle) -> list:
    """The profiles of `profils`, reduced to the fields the pieces' conditions
    read (plus specialty and option, which motifs quote), without repeats:
    the same checklists from far fewer profiles."""
    regles = regles_pour(bundle)
    cites = set().union(*(_champs_cites(p["condition"]) for p in regles.pieces)) | {"specialite", "option"}
    distincts = {}
    for profil in profils(bundle):
        projection = {champ: profil[champ] for champ in sorted(cites) if champ in profil}
        distincts.setdefault(repr(projection), projection)
    return list(distincts.values())


def coverage_problems(bundle) -> list:
    """(message code, piece id) for each piece no profile reaches or reaches without a motif."""
    regles = regles_pour(bundle)
    reached, without_motif = set(), set()
    for profil in profils_distincts(bundle):
        for piece in pieces_pour(regles, profil):
            reached.add(piece["id"])
            if not piece["motif"]:
                without_motif.add(piece["id"])
    problems = [("piece_inaccessible", p["id"]) for p in regles.pieces if p["id"] not in reached]
    problems += [("piece_sans_motif", p["id"]) for p in regles.pieces if p["id"] in without_motif]
    return problems
