"""Check the fields of the fiche préparatoire a candidate typed in the tool.

Formats come from the rules (fiche `formats`); an empty field is not an
error: it is listed in `a_completer`, to be written by hand on the paper.
A text longer than `limites.CARACTERES_RUBRIQUE` is an error on its field.
"""

import datetime
import re

from bts_inscription import limites

_SEPARATEURS = re.compile(r"[\s.\-]")


def fiche_champs(fiche: dict) -> dict:
    return {champ["id"]: champ for section in fiche["sections"] for champ in section["champs"]}


def _normaliser(type_champ: str, valeur: str) -> str:
    valeur = valeur.strip()
    if type_champ in ("ine", "code_postal", "telephone_mobile"):
        valeur = _SEPARATEURS.sub("", valeur).upper()
    if type_champ == "departement":
        valeur = valeur.upper()
        if re.fullmatch(r"[1-9]", valeur):
            valeur = "0" + valeur
    return valeur


def _date_valide(valeur: str, aujourdhui: datetime.date) -> bool:
    try:
        return datetime.date.fromisoformat(valeur) <= aujourdhui
    except ValueError:
        return False


def check_fiche(bundle: dict, valeurs, aujourdhui=None) -> dict:
    aujourdhui = aujourdhui or datetime.date.today()
    fiche = bundle["fiche"]
    formats = fiche["formats"]
    champs = fiche_champs(fiche)
    textes = {t["id"]: t["court"] for t in bundle["textes"]["textes"]}
    erreurs, propres = [], {}
    valeurs = valeurs if isinstance(valeurs, dict) else {}
    for champ_id, champ in champs.items():
        valeur = valeurs.get(champ_id)
        if champ.get("profil") or valeur is None:
            continue
        if not isinstance(valeur, str):
            erreurs.append({"champ": champ_id, "message": f"« {champ['libelle']} » doit être un texte.", "sources": []})
            continue
        valeur = _normaliser(champ["type"], valeur)
        if not valeur:
            continue
        if len(valeur) > limites.CARACTERES_RUBRIQUE:
            longueurs = f"{limites.en_francais(len(valeur))} caractères, au plus {limites.en_francais(limites.CARACTERES_RUBRIQUE)}"
            erreurs.append({"champ": champ_id, "message": f"{champ['libelle']} : texte trop long ({longueurs}).", "sources": []})
            continue
        regle = formats.get(champ["type"])
        if regle is not None:
            conforme = any(re.fullmatch(motif, valeur) for motif in regle["motifs"])
            if conforme and champ["type"] == "date":
                conforme = _date_valide(valeur, aujourdhui)
            if not conforme:
                sources = [textes[s["texte"]] for s in regle["source"]]
                erreurs.append({"champ": champ_id, "message": f"{champ['libelle']} : {regle['message']}", "sources": sources})
                continue
        propres[champ_id] = valeur
    a_completer = [
        champ_id for champ_id, champ in champs.items() if champ.get("obligatoire") and not champ.get("profil") and champ_id not in propres
    ]
    return {"valeurs": propres, "erreurs": erreurs, "a_completer": a_completer}
