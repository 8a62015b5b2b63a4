"""Every profile a candidate can validly give, for exhaustive checks.

The profiles come from the fields of profil.yaml, in their order: each field
that is asked takes each of its possible answers (by type), and an answer a
control of the field refuses is left out, so every profile is valid.
"""

import itertools

from bts_inscription.checklist import pieces_for
from bts_inscription.conditions import fields_read, thresholds
from bts_inscription.regles import regles_for

_ABSENT = object()


def _all_conditions(regles):
    for piece in regles.pieces:
        yield piece["condition"]
        for cas in piece.get("echeance_selon", []):
            yield cas["condition"]


def _integers(regles, champ) -> list:
    """Values around every threshold a condition compares this field with."""
    valeurs = set()
    for description in regles.bundle["profil"]["champs"]:
        for key in ("visible_si", "requis_si"):
            if key in description:
                valeurs.update(thresholds(description[key], champ.id))
        for controle in description.get("controles", []):
            valeurs.update(thresholds(controle["erreur_si"], champ.id))
    for condition in _all_conditions(regles):
        valeurs.update(thresholds(condition, champ.id))
    autour = {v + d for v in valeurs if isinstance(v, int) for d in (-1, 0, 1)}
    if isinstance(champ.description.get("exemple"), int):
        autour.add(champ.description["exemple"])
    return sorted(autour)


def _answers(regles, champ, profil) -> list:
    """The answers this field can take in this (partial) profile."""
    if champ.a_valeurs:
        permises = list(champ.valeurs(profil))
        if not permises:
            return [_ABSENT]
        if champ.type == "liste_choix":
            maximum = champ.description.get("maximum", len(permises))
            return [list(choix) for taille in range(maximum + 1) for choix in itertools.combinations(permises, taille)]
        requis = champ.defaut is not None or (champ.requis_si is not None and champ.requis_si(profil) is not None)
        return permises if requis else [_ABSENT, *permises]
    if champ.type == "booleen":
        return [False, True]
    if champ.type == "entier":
        return [_ABSENT, *_integers(regles, champ)]
    return [[], list(champ.description.get("exemple", []))]


def _asked(champ, profil) -> bool:
    return champ.visible_si is None or champ.visible_si(profil) is not None


def _refused(champ, profil) -> bool:
    return any(condition(profil) is not None for condition, _ in champ.controles)


def profils(bundle):
    """Yield every valid combination of answers."""
    regles = regles_for(bundle)
    champs = list(regles.champs.values())

    def extend(profil, index):
        if index == len(champs):
            yield profil
            return
        champ = champs[index]
        answers = _answers(regles, champ, profil) if _asked(champ, profil) else [_ABSENT]
        for answer in answers:
            suite = dict(profil)
            if answer is not _ABSENT:
                suite[champ.id] = answer
            if answer is not _ABSENT and _refused(champ, suite):
                continue
            yield from extend(suite, index + 1)

    yield from extend({}, 0)


def champs_read_by_pieces(regles) -> set:
    """The fields the pieces' conditions read or their motifs quote."""
    lus = set().union(*(fields_read(condition) for condition in _all_conditions(regles)))
    lus |= {champ.id for champ in regles.champs_cites}
    # The site's pages and tables are organised by these: they must stay apart.
    lus |= set(regles.champs.organisant_les_pages()) | set(regles.champs.organisant_les_colonnes())
    return lus & set(regles.champs)


def distinct_profils(bundle) -> list:
    """The profiles of `profils`, reduced to the fields the pieces read (and
    their motifs quote), without repeats: the same checklists from far fewer profiles."""
    regles = regles_for(bundle)
    cites = sorted(champs_read_by_pieces(regles))
    distincts = {}
    for profil in profils(bundle):
        projection = {champ: profil[champ] for champ in cites if champ in profil}
        distincts.setdefault(repr(projection), projection)
    return list(distincts.values())


def coverage_problems(bundle) -> list:
    """(message code, piece id) for each piece no profile reaches or reaches without a motif."""
    regles = regles_for(bundle)
    reached, without_motif = set(), set()
    for profil in distinct_profils(bundle):
        for piece in pieces_for(regles, profil):
            reached.add(piece["id"])
            if not piece["motif"]:
                without_motif.add(piece["id"])
    problems = [("piece_inaccessible", p["id"]) for p in regles.pieces if p["id"] not in reached]
    problems += [("piece_sans_motif", p["id"]) for p in regles.pieces if p["id"] in without_motif]
    return problems
