"""Class-list templates (CSV and XLSX) whose columns, values and example row come from the rules.

The XLSX template has three sheets: « Classe », the one a teacher fills (readable
headers, the rules' example row, drop-down lists of labels); « Valeurs », one
allowed value per row (column, id, label, sigle, the specialty it belongs to),
which the drop-down lists read; « Colonnes », what each column holds.

Drop-down lists warn but never refuse: the import also takes ids, sigles, any
case and accents, « o », « x »… (profil.yaml `liste_classe`), so a stop would
refuse what the tool accepts. Multi-value columns show no error at all, since a
cell « A|B » is never one item of the list.
"""

import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bts_inscription.classe import SEPARATEUR_LISTE, required_columns
from bts_inscription.export import spreadsheet_csv
from bts_inscription.regles import regles_for

FEUILLE_CLASSE, FEUILLE_VALEURS, FEUILLE_COLONNES = "Classe", "Valeurs", "Colonnes"
LIGNES = 1000  # rows 2..LIGNES+1 of « Classe » get the drop-down lists
ENTETE_VALEURS = ["colonne", "identifiant", "libellé", "sigle", "seulement pour"]
ENTETE_COLONNES = ["colonne", "identifiant", "obligatoire", "valeurs permises", "question de l'outil candidat"]
NBSP = "\u00a0"
_TITRE_MAX, _TEXTE_MAX = 32, 255  # what Excel allows in a validation's title and message


def _guillemets(texte) -> str:
    return f"«{NBSP}{texte}{NBSP}»"


def _court(texte: str, longueur: int) -> str:
    return texte if len(texte) <= longueur else texte[: longueur - 1] + "…"


def liste_classe(bundle) -> dict:
    return bundle["profil"]["liste_classe"]


def oui_non(bundle) -> tuple:
    """The words the templates write in a yes/no cell: the first of each list."""
    return liste_classe(bundle)["oui"][0], liste_classe(bundle)["non"][0]


def columns(bundle) -> list:
    """[(id, header, Champ or None)]: the identity columns, then one per profile field."""
    regles = regles_for(bundle)
    identite = [(colonne["id"], colonne["libelle"], None) for colonne in liste_classe(bundle)["identite"]]
    return identite + [(champ.id, champ.libelle, champ) for champ in regles.champs.values()]


def headers(bundle) -> list:
    return [entete for _, entete, _ in columns(bundle)]


def value_rows(regles, champ) -> list:
    """[(item, (field, chosen item) or None)] of a choice field, one per value: its
    fixed values, then for each item of a `selon` field (each specialty) the values
    only that item offers (its options)."""
    fixes = champ.valeurs({})
    lignes = [(item, None) for item in fixes.values()]
    for selon in champ.selon:
        source = regles.champs[selon]
        for choisi, element in source.toutes_valeurs().items():
            lignes += [(item, (source, element)) for ident, item in champ.valeurs({selon: choisi}).items() if ident not in fixes]
    return lignes


def _label(item) -> str:
    return str(item.get("libelle") or item["id"])


def _seulement_pour(selon) -> str:
    if selon is None:
        return ""
    source, element = selon
    return f"{source.libelle}{NBSP}: {_label(element)}"


def readable_cell(bundle, champ, valeur, profil):
    """A profile's value as a teacher writes it in the class list: labels, oui/non,
    lists joined by « | », marks with a decimal comma."""
    oui, non = oui_non(bundle)
    if isinstance(valeur, bool):
        return oui if valeur else non
    if champ.type == "entier":
        return valeur
    if champ.type == "tableau_notes":
        return SEPARATEUR_LISTE.join(":".join(str(ligne.get(c["id"], "")).replace(".", ",") for c in champ.colonnes) for ligne in valeur)
    if champ.a_valeurs:
        permises = {**champ.hors_liste, **champ.valeurs(profil)}
        textes = [_label(permises[v]) if v in permises else str(v) for v in (valeur if champ.est_liste else [valeur])]
        return SEPARATEUR_LISTE.join(textes)
    if isinstance(valeur, list):
        return SEPARATEUR_LISTE.join(map(str, valeur))
    return str(valeur)


def example_row(bundle) -> list:
    """The rules' example row (liste_classe.exemple), written with labels."""
    exemple = liste_classe(bundle)["exemple"]
    profil = exemple["profil"]
    return [
        exemple["identite"].get(ident, "")
        if champ is None
        else (readable_cell(bundle, champ, profil[ident], profil) if ident in profil else "")
        for ident, _, champ in columns(bundle)
    ]


def _allowed(bundle, champ, ou: str) -> str:
    """The values a column accepts, said for a teacher; `ou` says where the
    list of values is (a sheet, the following rows)."""
    regles = regles_for(bundle)
    if champ is None:
        return "texte libre"
    if champ.type == "booleen":
        mots = liste_classe(bundle)
        oui, non = oui_non(bundle)
        return (
            f"{oui} ou {non} (aussi{NBSP}: {', '.join(mots['oui'][1:])} pour {oui}{NBSP}; "
            f"{', '.join(mots['non'][1:])} pour {non}){NBSP}; vide{NBSP}: non renseigné"
        )
    if champ.type == "entier":
        return "nombre entier"
    if champ.type == "liste_unites":
        exemple = SEPARATEUR_LISTE.join(champ.description.get("exemple", []))
        return f"codes d'unités séparés par {_guillemets(SEPARATEUR_LISTE)}, par exemple {exemple}"
    if champ.type == "tableau_notes":
        noms = ":".join(c["id"].upper() for c in champ.colonnes)
        exemples = SEPARATEUR_LISTE.join(
            ":".join(str(ligne[c["id"]]).replace(".", ",") for c in champ.colonnes) for ligne in champ.description.get("exemple", [])
        )
        return f"{noms} séparés par {_guillemets(SEPARATEUR_LISTE)}, par exemple {exemples}"
    nombre = len(value_rows(regles, champ))
    texte = f"{'une ou plusieurs' if champ.est_liste else 'une'} des {nombre} valeurs {ou} (libellé, identifiant ou sigle)"
    if champ.selon:
        texte += ", selon " + " et ".join(f"la réponse {_guillemets(regles.champs[s].libelle)}" for s in champ.selon)
    if champ.type == "liste_choix":
        texte += f"{NBSP}; plusieurs valeurs séparées par {_guillemets(SEPARATEUR_LISTE)}"
        if "maximum" in champ.description:
            texte += f", au plus {champ.description['maximum']}"
    if champ.defaut is not None:
        defaut = champ.valeurs({}).get(champ.defaut)
        texte += f"{NBSP}; vide{NBSP}: {_label(defaut) if defaut else champ.defaut}"
    return texte


def column_notes(bundle, ou: str) -> list:
    """[(header, id, required, allowed values, question)] in the template's column order."""
    requises = required_columns(bundle)
    oui, _ = oui_non(bundle)
    return [
        (
            entete,
            ident,
            oui if ident in requises else "",
            _allowed(bundle, champ, ou),
            champ.description.get("question", "") if champ else "",
        )
        for ident, entete, champ in columns(bundle)
    ]


def template_csv(bundle) -> bytes:
    return spreadsheet_csv([headers(bundle), example_row(bundle)])


def notes_csv(bundle) -> bytes:
    """The columns, then, under a choice column, one row per allowed value."""
    regles = regles_for(bundle)
    rangees = [["colonne", "identifiant de la colonne", *ENTETE_COLONNES[2:4], "identifiant de la valeur", *ENTETE_VALEURS[2:]]]
    champs = {ident: champ for ident, _, champ in columns(bundle)}
    for entete, ident, obligatoire, permises, _ in column_notes(bundle, "des lignes suivantes"):
        rangees.append([entete, ident, obligatoire, permises, "", "", "", ""])
        champ = champs[ident]
        if champ is not None and champ.a_valeurs:
            for item, selon in value_rows(regles, champ):
                rangees.append([entete, "", "", "", item["id"], _label(item), item.get("sigle", ""), _seulement_pour(selon)])
    return spreadsheet_csv(rangees)


def _bold_header(feuille, largeurs):
    for cellule in feuille[1]:
        cellule.font = Font(bold=True)
    feuille.freeze_panes = "A2"
    for index, largeur in enumerate(largeurs, start=1):
        feuille.column_dimensions[get_column_letter(index)].width = largeur


def _values_sheet(classeur, bundle) -> dict:
    """Write « Valeurs »; {field id: (first row, last row)} of each choice field's values."""
    regles = regles_for(bundle)
    feuille = classeur.create_sheet(FEUILLE_VALEURS)
    feuille.append(ENTETE_VALEURS)
    plages = {}
    for _, entete, champ in columns(bundle):
        if champ is None or not champ.a_valeurs:
            continue
        premiere = feuille.max_row + 1
        for item, selon in value_rows(regles, champ):
            feuille.append([entete, item["id"], _label(item), item.get("sigle", ""), _seulement_pour(selon)])
        if feuille.max_row >= premiere:
            plages[champ.id] = (premiere, feuille.max_row)
    _bold_header(feuille, [28, 45, 60, 10, 60])
    feuille.auto_filter.ref = feuille.dimensions
    return plages


def _validation(bundle, champ, entete, plage) -> DataValidation:
    """The drop-down list of a column (see the module's docstring for its error style)."""
    regles = regles_for(bundle)
    if champ.type == "booleen":
        source = '"' + ",".join(oui_non(bundle)) + '"'
        erreur = f"Écrivez {_allowed(bundle, champ, '')}."
    else:
        premiere, derniere = plage
        source = f"'{FEUILLE_VALEURS}'!$C${premiere}:$C${derniere}"
        erreur = (
            f"Choisissez une valeur de la liste. Un identifiant ou un sigle de la feuille {_guillemets(FEUILLE_VALEURS)} est aussi accepté."
        )
    validation = DataValidation(type="list", formula1=source, allow_blank=True)
    validation.errorTitle = _court(entete, _TITRE_MAX)
    validation.error = _court(erreur, _TEXTE_MAX)
    validation.errorStyle = "warning"
    if champ.type == "liste_choix":
        # « A|B » is never one item of the list: no error, a prompt says how to write several.
        validation.showErrorMessage = False
        conseil = f"Plusieurs valeurs{NBSP}: séparez-les par {_guillemets(SEPARATEUR_LISTE)}."
    else:
        validation.showErrorMessage = True
        conseil = ""
    if champ.selon:
        selon = " et ".join(_guillemets(regles.champs[s].libelle) for s in champ.selon)
        conseil = f"Selon la réponse {selon}{NBSP}: voir la colonne {_guillemets(ENTETE_VALEURS[-1])} de la feuille {_guillemets(FEUILLE_VALEURS)}. {conseil}"
    if conseil:
        validation.showInputMessage = True
        validation.promptTitle = _court(entete, _TITRE_MAX)
        validation.prompt = _court(conseil.strip(), _TEXTE_MAX)
    return validation


def _width(textes) -> int:
    return max(10, min(40, max(len(str(t)) for t in textes) + 2))


def template_xlsx(bundle) -> bytes:
    regles = regles_for(bundle)
    classeur = Workbook()
    feuille = classeur.active
    feuille.title = FEUILLE_CLASSE
    colonnes = columns(bundle)
    feuille.append(headers(bundle))
    exemple = example_row(bundle)
    feuille.append(exemple)
    for cellule in feuille[2]:
        cellule.font = Font(italic=True)
    identite = liste_classe(bundle)["exemple"]["identite"]
    feuille["A2"].comment = Comment(
        f"Ligne d'exemple{NBSP}: elle est ignorée à l'import tant que son nom et son prénom restent "
        f"{_guillemets(' '.join(identite.values()))}. Remplacez-la ou laissez-la.",
        bundle["identite"]["titre"],
    )
    plages = _values_sheet(classeur, bundle)
    largeurs = []
    for index, (ident, entete, champ) in enumerate(colonnes, start=1):
        textes = [entete, exemple[index - 1]]
        if champ is not None and champ.a_valeurs:
            textes += [_label(item) for item, _ in value_rows(regles, champ)]
        largeurs.append(_width(textes))
        if champ is None or not (champ.type == "booleen" or ident in plages):
            continue
        validation = _validation(bundle, champ, entete, plages.get(ident))
        lettre = get_column_letter(index)
        validation.add(f"{lettre}2:{lettre}{LIGNES + 1}")
        feuille.add_data_validation(validation)
    _bold_header(feuille, largeurs)
    explications = classeur.create_sheet(FEUILLE_COLONNES)
    explications.append(ENTETE_COLONNES)
    for ligne in column_notes(bundle, f"de la feuille {_guillemets(FEUILLE_VALEURS)}"):
        explications.append(list(ligne))
    _bold_header(explications, [28, 28, 12, 80, 60])
    for rangee in explications.iter_rows(min_row=2):
        for cellule in rangee:
            cellule.alignment = Alignment(wrap_text=True, vertical="top")
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()
