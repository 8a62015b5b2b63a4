"""Class-list templates (CSV and XLSX) whose columns and allowed values come from the rules."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from bts_inscription.classe import COLONNES_IDENTITE, SEPARATEUR_LISTE, VRAI, FAUX
from bts_inscription.export import csv_tableur
from bts_inscription.regles import regles_pour


def column_notes(bundle) -> list:
    """[(column, description, allowed values)] in the template's column order."""
    regles = regles_pour(bundle)
    booleen = f"{', '.join(sorted(VRAI))} ou {', '.join(sorted(FAUX))} (majuscules permises) ; vide : non renseigné"
    avec_options = [f"{s['id']} : {', '.join(o['id'] for o in s['options'])}" for s in regles.specialites.values() if s.get("options")]
    propres = sorted({e for s in regles.specialites for e in regles.epreuves_facultatives(s)} - set(regles.communes))
    valeurs = {
        "categorie": ", ".join(regles.categories),
        "specialite": ", ".join(regles.specialites),
        "option": "selon la spécialité ; " + " ; ".join(avec_options),
        "scolaire_en_premiere_annee": booleen,
        "forme": ", ".join(regles.formes) + f" ; vide : {regles.champs['forme'].get('defaut', '')}",
        "dispenses": f"codes d'unités séparés par « {SEPARATEUR_LISTE} », par exemple U1{SEPARATEUR_LISTE}U2",
        "benefices": f"EPREUVE:NOTE:SESSION séparés par « {SEPARATEUR_LISTE} », par exemple U3:12,5:{regles.session - 1}",
        "epreuves_facultatives": (f"au plus {regles.facultatives['maximum']}, séparées par « {SEPARATEUR_LISTE} » : "
                                  + ", ".join(regles.communes) + (f" ; selon la spécialité : {', '.join(propres)}" if propres else "")),
        "langue_facultative": ", ".join(regles.langues_offertes),
        "positionnement": booleen,
    }
    notes = [("nom", "Nom de famille du candidat ou de la candidate", "texte libre"),
             ("prenom", "Prénom", "texte libre")]
    for champ in bundle["profil"]["champs"]:
        description = champ["libelle"] + (" (obligatoire)" if champ["obligatoire"] else "")
        notes.append((champ["id"], description, valeurs[champ["id"]]))
    assert [n[0] for n in notes[:2]] == list(COLONNES_IDENTITE)
    return notes


def template_csv(bundle) -> bytes:
    return csv_tableur([[column for column, _, _ in column_notes(bundle)]])


def notes_csv(bundle) -> bytes:
    return csv_tableur([["colonne", "description", "valeurs permises"], *column_notes(bundle)])


def template_xlsx(bundle) -> bytes:
    notes = column_notes(bundle)
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Classe"
    feuille.append([column for column, _, _ in notes])
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    explications = classeur.create_sheet("Colonnes")
    explications.append(["colonne", "description", "valeurs permises"])
    for ligne in notes:
        explications.append(list(ligne))
    for cellule in explications[1]:
        cellule.font = Font(bold=True)
    explications.column_dimensions["A"].width = 28
    explications.column_dimensions["B"].width = 45
    explications.column_dimensions["C"].width = 120
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
