"""The checklist of one candidate: which pieces, by when, and why."""

import functools

from bts_inscription.profil import verifier
from bts_inscription.regles import regles_pour


def _contexte(regles, profil) -> tuple:
    """The values a `motif` may quote: ({specialite}, {option})."""
    specialite = regles.specialites.get(profil.get("specialite"))
    if specialite is None:
        return "", ""
    option = regles.options(specialite["id"]).get(profil.get("option"))
    if option is None:
        return specialite["libelle"], ""
    return specialite["libelle"], option["id"] if len(option["id"]) == 1 else option["libelle"]


@functools.lru_cache(maxsize=4096)
def _phrase(motifs: tuple, specialite: str, option: str) -> str:
    texte = " et ".join(dict.fromkeys(m.format(specialite=specialite, option=option) for m in motifs))
    return texte[:1].upper() + texte[1:] + "." if texte else ""


def pieces_pour(regles, profil: dict) -> list:
    contexte = _contexte(regles, profil)
    retenues = []
    for piece_id, condition in regles.conditions:
        motifs = condition(profil)
        if motifs is None:
            continue
        fixe = regles.sortie_piece[piece_id]
        retenues.append({**fixe, "sources": list(fixe["sources"]), "notes": list(fixe["notes"]),
                         "motif": _phrase(motifs, *contexte)})
    # Stable sort: by deadline, then in the order the rules give.
    return sorted(retenues, key=lambda piece: piece["echeance"])


def checklist(bundle: dict, profil) -> dict:
    """The contract's output object for one profile (never raises on a bad profile)."""
    regles = regles_pour(bundle)
    valide, erreurs, avertissements = verifier(regles, profil)
    return {
        "edition": regles.edition,
        "empreinte": regles.empreinte,
        "pieces": pieces_pour(regles, valide),
        "consignes": [consigne["texte"] for consigne in regles.consignes],
        "erreurs": erreurs,
        "avertissements": avertissements,
    }
