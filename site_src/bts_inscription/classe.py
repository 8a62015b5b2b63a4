"""Class lists: one candidate per row, checked and turned into a follow-up matrix.

Reading the file (CSV, XLSX) lives in `reading`; this module works on rows of
text cells, so the same code serves the command line and the browser.
"""

import json
import math
import re

from bts_inscription.checklist import checklist
from bts_inscription.regles import regles_for

COLONNES_IDENTITE = ("nom", "prenom")
SEPARATEUR_LISTE = "|"
VRAI = {"oui", "vrai", "1", "true"}
FAUX = {"non", "faux", "0", "false"}
_NOMBRE = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")


class InvalidFile(Exception):
    """The whole file cannot be used (message in French)."""


def allowed_columns(bundle) -> list:
    return list(COLONNES_IDENTITE) + [champ["id"] for champ in bundle["profil"]["champs"]]


def required_columns(bundle) -> list:
    """The fields every candidate must answer: always asked, always required."""
    return [
        champ["id"]
        for champ in bundle["profil"]["champs"]
        if champ.get("requis_si") == {"toujours": True}
        and "visible_si" not in champ
        and "valeurs" in champ
        and not any("selon" in source for source in champ["valeurs"])
    ]


def check_header(entete, bundle) -> list:
    """The header's column names, normalised; raises InvalidFile if unusable."""
    noms = [str(nom or "").strip().lower() for nom in entete]
    permises = allowed_columns(bundle)
    if not any(nom in permises for nom in noms):
        raise InvalidFile(f"Le fichier n'a pas de ligne d'en-tête : la première ligne doit nommer les colonnes ({', '.join(permises)}).")
    inconnues = [nom for nom in noms if nom and nom not in permises]
    if inconnues:
        raise InvalidFile(f"Colonne inconnue : {', '.join(f'« {n} »' for n in inconnues)}. Colonnes permises : {', '.join(permises)}.")
    doubles = sorted({nom for nom in noms if nom and noms.count(nom) > 1})
    if doubles:
        raise InvalidFile(f"Colonne en double : {', '.join(f'« {n} »' for n in doubles)}.")
    manquantes = [nom for nom in required_columns(bundle) if nom not in noms]
    if manquantes:
        raise InvalidFile(f"Colonne obligatoire absente : {', '.join(f'« {n} »' for n in manquantes)}.")
    return noms


def _booleen(texte):
    mot = texte.lower()
    if mot in VRAI:
        return True
    if mot in FAUX:
        return False
    raise ValueError("oui ou non (ou vrai/faux, 1/0)")


def _nombre(texte):
    if not _NOMBRE.match(texte):
        raise ValueError("un nombre, par exemple 12,5")
    valeur = float(texte.replace(",", "."))
    if not math.isfinite(valeur):  # hundreds of digits: not a mark, and not JSON either
        raise ValueError("un nombre, par exemple 12,5")
    return int(valeur) if valeur.is_integer() and "," not in texte and "." not in texte else valeur


def _entier(texte):
    if not (texte.lstrip("-").isascii() and texte.lstrip("-").isdigit()) or len(texte) > 9:  # int() refuses "²" and 4300+ digits
        raise ValueError("un nombre entier, par exemple 3")
    return int(texte)


def _ligne(texte, champ):
    """One row of a table of marks, its cells separated by « : » (U3:12,5:2025)."""
    colonnes = champ["colonnes"]
    morceaux = [m.strip() for m in texte.split(":")]
    modele = ":".join(c["id"].upper() for c in colonnes)
    if len(morceaux) != len(colonnes):
        raise ValueError(f"{modele}, par exemple {example_row(champ)}")
    ligne = {}
    for colonne, morceau in zip(colonnes, morceaux):
        if colonne["type"] == "unite":
            ligne[colonne["id"]] = morceau.upper()
        elif colonne["type"] == "entier":
            try:
                ligne[colonne["id"]] = _entier(morceau)
            except ValueError:
                raise ValueError(f"{modele} avec « {colonne['id']} » en chiffres, par exemple {example_row(champ)}") from None
        else:
            ligne[colonne["id"]] = _nombre(morceau)
    return ligne


def example_row(champ) -> str:
    """The field's example row (profil.yaml `exemple`), as a class list cell."""
    lignes = champ.get("exemple") or [{}]
    return ":".join(str(lignes[0].get(c["id"], "")).replace(".", ",") for c in champ["colonnes"])


def profil_of_row(cellules: dict, bundle) -> tuple:
    """(profile, [conversion errors]) from one row of text cells, by column name."""
    champs = {champ["id"]: champ for champ in bundle["profil"]["champs"]}
    profil, erreurs = {}, []
    for colonne, brut in cellules.items():
        texte = str(brut).strip() if brut is not None else ""
        if colonne in COLONNES_IDENTITE or not texte:
            continue
        champ = champs[colonne]
        try:
            if champ["type"] == "booleen":
                profil[colonne] = _booleen(texte)
            elif champ["type"] == "entier":
                profil[colonne] = _entier(texte)
            elif champ["type"] in ("liste_unites", "liste_choix"):
                profil[colonne] = [v.strip() for v in texte.split(SEPARATEUR_LISTE) if v.strip()]
            elif champ["type"] == "tableau_notes":
                profil[colonne] = [_ligne(v, champ) for v in texte.split(SEPARATEUR_LISTE) if v.strip()]
            else:
                profil[colonne] = texte
        except ValueError as attendu:
            erreurs.append({"champ": colonne, "message": f"valeur « {texte} » illisible ; attendu : {attendu}."})
    return profil, erreurs


def _texte_erreur(erreur) -> str:
    return f"{erreur['champ']} : {erreur['message']}"


def check_rows(entete, lignes, bundle, numeros=None, rapporter=None) -> dict:
    """Check every row and compute its checklist; a bad row never stops the others.

    `lignes` are lists of cells in header order; `numeros` their line numbers
    in the file (default: from 2). Returns the follow-up matrix.
    """
    noms = check_header(entete, bundle)
    regles = regles_for(bundle)
    piece_ids = [piece["id"] for piece in regles.pieces]
    candidats, total = [], len(lignes)
    deja_calcules = {}  # a class holds many identical profiles
    for index, cellules in enumerate(lignes):
        numero = numeros[index] if numeros else index + 2
        if not any(str(c).strip() for c in cellules if c is not None):
            continue
        rangee = {nom: (cellules[i] if i < len(cellules) else None) for i, nom in enumerate(noms) if nom}
        profil, erreurs = profil_of_row(rangee, bundle)
        converties = {erreur["champ"] for erreur in erreurs}
        cle = json.dumps(profil, sort_keys=True)
        resultat = deja_calcules.get(cle)
        if resultat is None:
            resultat = deja_calcules[cle] = checklist(bundle, profil)
        erreurs += [e for e in resultat["erreurs"] if e["champ"] not in converties]
        candidats.append(
            {
                "ligne": numero,
                "nom": str(rangee.get("nom") or "").strip(),
                "prenom": str(rangee.get("prenom") or "").strip(),
                "profil": profil,
                "erreurs": erreurs,
                "avertissements": resultat["avertissements"],
                "pieces": {piece["id"]: piece["echeance"] for piece in resultat["pieces"]},
                "checklist": [
                    {"id": p["id"], "echeance": p["echeance"], **({"heure": p["heure"]} if "heure" in p else {}), "motif": p["motif"]}
                    for p in resultat["pieces"]
                ],
            }
        )
        if rapporter is not None and (index % 200 == 0 or index == total - 1):
            rapporter(index + 1, total)
    return {
        "edition": regles.edition,
        "empreinte": regles.empreinte,
        # How the printed sheets and the table write a deadline (calendrier.yaml).
        "formule": regles.bundle["calendrier"]["formule"],
        "pieces": [{"id": p["id"], "libelle": p["libelle"], "echeance": regles.echeances[p["echeance"]]["date"]} for p in regles.pieces],
        "colonnes": ["ligne", "nom", "prenom", "erreurs"] + piece_ids,
        "candidats": candidats,
    }


def matrix_rows(matrice) -> list:
    """The rows of pieces.csv (contract, section 5), header first, as text cells."""
    piece_ids = [piece["id"] for piece in matrice["pieces"]]
    rangees = [matrice["colonnes"]]
    for candidat in matrice["candidats"]:
        rangees.append(
            [str(candidat["ligne"]), candidat["nom"], candidat["prenom"], " | ".join(_texte_erreur(e) for e in candidat["erreurs"])]
            + [candidat["pieces"].get(piece_id, "") for piece_id in piece_ids]
        )
    return rangees
