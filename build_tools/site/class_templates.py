"""Class-list templates (CSV and XLSX) whose columns and allowed values come from the rules."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from bts_inscription.classe import COLONNES_IDENTITE, FAUX, SEPARATEUR_LISTE, VRAI, required_columns
from bts_inscription.export import spreadsheet_csv
from bts_inscription.regles import regles_for


def _allowed(regles, champ) -> str:
    """The values a column accepts, said for a teacher, from the field's type and lists."""
    booleen = f"{', '.join(sorted(VRAI))} ou {', '.join(sorted(FAUX))} (majuscules permises) ; vide : non renseigné"
    if champ.type == "booleen":
        return booleen
    if champ.type == "entier":
        return "nombre entier"
    if champ.type == "liste_unites":
        return (
            f"codes d'unités séparés par « {SEPARATEUR_LISTE} », par exemple {SEPARATEUR_LISTE.join(champ.description.get('exemple', []))}"
        )
    if champ.type == "tableau_notes":
        noms = ":".join(c["id"].upper() for c in champ.colonnes)
        exemples = SEPARATEUR_LISTE.join(
            ":".join(str(ligne[c["id"]]).replace(".", ",") for c in champ.colonnes) for ligne in champ.description.get("exemple", [])
        )
        return f"{noms} séparés par « {SEPARATEUR_LISTE} », par exemple {exemples}"
    fixes = [v for v in champ.valeurs({})]
    texte = ", ".join(fixes)
    for selon in champ.selon:
        par_choix = [
            f"{choisi} : {', '.join(v for v in champ.valeurs({selon: choisi}) if v not in fixes)}"
            for choisi in regles.champs[selon].toutes_valeurs()
            if set(champ.valeurs({selon: choisi})) - set(fixes)
        ]
        texte += (" ; " if texte else "") + f"selon {regles.champs[selon].libelle.lower()} : " + " ; ".join(par_choix)
    if champ.type == "liste_choix":
        texte = (
            f"séparées par « {SEPARATEUR_LISTE} »"
            + (f", au plus {champ.description['maximum']}" if "maximum" in champ.description else "")
            + " : "
            + texte
        )
    if champ.defaut is not None:
        texte += f" ; vide : {champ.defaut}"
    return texte


def column_notes(bundle) -> list:
    """[(column, description, allowed values)] in the template's column order."""
    regles = regles_for(bundle)
    notes = [("nom", "Nom de famille du candidat ou de la candidate", "texte libre"), ("prenom", "Prénom", "texte libre")]
    for champ in regles.champs.values():
        description = champ.libelle + (" (obligatoire)" if champ.id in required_columns(bundle) else "")
        notes.append((champ.id, description, _allowed(regles, champ)))
    assert [n[0] for n in notes[:2]] == list(COLONNES_IDENTITE)
    return notes


def template_csv(bundle) -> bytes:
    return spreadsheet_csv([[column for column, _, _ in column_notes(bundle)]])


def notes_csv(bundle) -> bytes:
    return spreadsheet_csv([["colonne", "description", "valeurs permises"], *column_notes(bundle)])


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
