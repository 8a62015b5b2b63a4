"""The checklist of one candidate: which pieces, by when, and why."""

import functools

from bts_inscription.dates import FIN_DE_JOURNEE
from bts_inscription.profil import check_profil, fill
from bts_inscription.regles import regles_for


def _contexte(regles, profil) -> tuple:
    """What a `motif` may quote: each answer of a choice field, by its label ({specialite}…)."""
    return tuple(
        sorted((champ.id, champ.etiquette(profil[champ.id])) for champ in regles.champs_cites if isinstance(profil.get(champ.id), str))
    )


@functools.lru_cache(maxsize=4096)
def _phrase(motifs: tuple, contexte: tuple) -> str:
    valeurs = dict(contexte)
    texte = " et ".join(dict.fromkeys(fill(m, valeurs) for m in motifs))
    return texte[:1].upper() + texte[1:] + "." if texte else ""


def pieces_for(regles, profil: dict) -> list:
    contexte = _contexte(regles, profil)
    retenues = []
    for piece_id, condition in regles.conditions:
        motifs = condition(profil)
        if motifs is None:
            continue
        fixe = regles.sortie_pour(piece_id, profil)
        retenues.append({**fixe, "sources": list(fixe["sources"]), "notes": list(fixe["notes"]), "motif": _phrase(motifs, contexte)})
    # Stable sort: by deadline (day, then time), then in the order the rules give.
    return sorted(retenues, key=lambda piece: (piece["echeance"], piece.get("heure", FIN_DE_JOURNEE)))


def checklist(bundle: dict, profil) -> dict:
    """The contract's output object for one profile (never raises on a bad profile)."""
    regles = regles_for(bundle)
    valide, erreurs, avertissements = check_profil(regles, profil)
    return {
        "edition": regles.edition,
        "empreinte": regles.empreinte,
        "pieces": pieces_for(regles, valide),
        "consignes": [consigne["texte"] for consigne in regles.consignes],
        "erreurs": erreurs,
        "avertissements": avertissements,
    }
