"""The checklist of one candidate: which pieces, by when, and why."""

from bts_inscription.conditions import evaluer
from bts_inscription.dates import date_fr
from bts_inscription.profil import verifier
from bts_inscription.regles import regles_pour


def _contexte(regles, profil) -> dict:
    """The values a `motif` may quote: {specialite}, {option}."""
    specialite = regles.specialites.get(profil.get("specialite"))
    if specialite is None:
        return {"specialite": "", "option": ""}
    option = regles.options(specialite["id"]).get(profil.get("option"))
    nom_option = ""
    if option is not None:
        nom_option = option["id"] if len(option["id"]) == 1 else option["libelle"]
    return {"specialite": specialite["libelle"], "option": nom_option}


def _phrase(motifs, contexte) -> str:
    texte = " et ".join(dict.fromkeys(m.format(**contexte) for m in motifs))
    return texte[:1].upper() + texte[1:] + "." if texte else ""


def pieces_pour(regles, profil: dict) -> list:
    contexte = _contexte(regles, profil)
    retenues = []
    for rang, piece in enumerate(regles.pieces):
        motifs = evaluer(piece["condition"], profil)
        if motifs is None:
            continue
        echeance = regles.echeances[piece["echeance"]]
        retenues.append((echeance["date"], rang, {
            "id": piece["id"],
            "libelle": piece["libelle"],
            "echeance": echeance["date"],
            "echeance_id": echeance["id"],
            "echeance_texte": date_fr(echeance["date"]),
            "motif": _phrase(motifs, contexte),
            "sources": regles.sources(piece["source"]),
            "notes": [regles.notes[n]["texte"] for n in piece.get("notes", [])],
        }))
    return [piece for _, _, piece in sorted(retenues, key=lambda item: item[:2])]


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
