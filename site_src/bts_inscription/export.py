"""CSV for French spreadsheets: UTF-8 with BOM, `;`, CRLF, formulas disarmed."""

import csv
import io

# A cell starting with one of these is run as a formula by spreadsheets; "'" is
# the guard itself, escaped too so that reading back gives the exact text.
_DANGEREUX = ("=", "+", "-", "@", "\t", "\r", "'")


def proteger(cellule: str) -> str:
    return "'" + cellule if cellule.startswith(_DANGEREUX) else cellule


def deproteger(cellule: str) -> str:
    return cellule[1:] if cellule.startswith("'") and cellule[1:].startswith(_DANGEREUX) else cellule


def spreadsheet_csv(rangees) -> bytes:
    tampon = io.StringIO(newline="")
    ecrivain = csv.writer(tampon, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for rangee in rangees:
        ecrivain.writerow([proteger(str(cellule)) for cellule in rangee])
    return ("\ufeff" + tampon.getvalue()).encode("utf-8")


def read_spreadsheet_csv(octets: bytes) -> list:
    """Read back what `spreadsheet_csv` wrote."""
    texte = octets.decode("utf-8-sig")
    return [[deproteger(c) for c in rangee] for rangee in csv.reader(io.StringIO(texte, newline=""), delimiter=";")]


# The teachers' workbook of the follow-up matrix (the class tool's and `lot`'s
# pieces.xlsx): readable headers, one column per piece holding its deadline as a
# date, autofilter, frozen headers, rows in error filled and their messages written.
ENTETES_IDENTITE = ("Ligne", "Nom", "Prénom", "Erreurs")
FORMAT_DATE = "DD/MM/YYYY"
_REMPLISSAGE_ERREUR = "FDE2E1"
_REMPLISSAGE_ENTETE = "E8EAF6"


def select_rows(matrice, lignes=None) -> dict:
    """The matrix with only the candidates of `lignes` (line numbers), in that order; all if None."""
    if lignes is None:
        return matrice
    par_ligne = {candidat["ligne"]: candidat for candidat in matrice["candidats"]}
    return {**matrice, "candidats": [par_ligne[ligne] for ligne in lignes if ligne in par_ligne]}


def error_lines(candidat) -> list:
    """Each error of a row, named by its column as the teacher's file names it (its label)."""
    return [f"{erreur.get('colonne', erreur['champ'])} : {erreur['message']}" for erreur in candidat["erreurs"]]


def piece_header(piece, formule: str) -> str:
    """The piece's label, then on a second line its deadline in the rules' words (`formule`, "au plus tard le {date}")."""
    from bts_inscription.dates import date_fr

    return f"{piece['libelle']}\n{formule.replace('{date}', date_fr(piece['echeance']))}"


def matrix_xlsx(matrice) -> bytes:
    """The matrix as an XLSX workbook for teachers (openpyxl, loaded only here).
    Written row by row (openpyxl's write-only mode): a school's list of 10,000
    rows takes half the time of a workbook built whole in memory."""
    import datetime

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    classeur = Workbook(write_only=True)
    feuille = classeur.create_sheet("Pièces")
    pieces = matrice["pieces"]
    entetes = [*ENTETES_IDENTITE, *(piece_header(p, matrice["formule"]) for p in pieces)]
    derniere = get_column_letter(len(entetes))
    feuille.auto_filter.ref = f"A1:{derniere}{max(2, len(matrice['candidats']) + 1)}"
    feuille.freeze_panes = "D2"  # the header row and the identity columns stay in sight
    for colonne, largeur in zip("ABCD", (7, 18, 16, 40)):
        feuille.column_dimensions[colonne].width = largeur
    for colonne in range(len(ENTETES_IDENTITE) + 1, len(entetes) + 1):
        feuille.column_dimensions[get_column_letter(colonne)].width = 18
    feuille.row_dimensions[1].height = 75
    feuille.page_setup.orientation = "landscape"
    feuille.print_title_rows = "1:1"
    feuille.oddFooter.center.text = f"Calculé avec l'édition {matrice['edition']} des règles (empreinte {matrice['empreinte'][:12]})"

    def cell(value, erreur=False, texte=False, **style):
        cellule = WriteOnlyCell(feuille, value)
        if texte:
            cellule.data_type = "s"  # "=Cmd" stays text: openpyxl would write it as a formula
        for nom, valeur in style.items():
            setattr(cellule, nom, valeur)
        if erreur:
            cellule.fill = remplissage_erreur
        return cellule

    remplissage_erreur = PatternFill("solid", fgColor=_REMPLISSAGE_ERREUR)
    entete = {"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="top")}
    feuille.append([cell(texte, texte=True, fill=PatternFill("solid", fgColor=_REMPLISSAGE_ENTETE), **entete) for texte in entetes])
    haut = Alignment(wrap_text=True, vertical="top")
    # A styled cell is serialised as soon as its row is appended: one cell per
    # deadline (and per error state) serves every row. Plain values need no cell.
    dates = {}

    def date_cell(echeance, erreur):
        if (echeance, erreur) not in dates:
            dates[echeance, erreur] = cell(datetime.date.fromisoformat(echeance), erreur, number_format=FORMAT_DATE)
        return dates[echeance, erreur]

    def text(valeur, erreur, **style):
        if erreur or style or (valeur and valeur.startswith("=")):
            return cell(valeur or None, erreur, texte=True, **style)
        return valeur or None

    for candidat in matrice["candidats"]:
        erreur = bool(candidat["erreurs"])
        rangee = [
            cell(candidat["ligne"], erreur) if erreur else candidat["ligne"],
            text(candidat["nom"], erreur),
            text(candidat["prenom"], erreur),
            text("\n".join(error_lines(candidat)), erreur, **({"alignment": haut} if erreur else {})),
        ]
        for piece in pieces:
            echeance = candidat["pieces"].get(piece["id"])
            rangee.append(date_cell(echeance, erreur) if echeance else (cell(None, erreur) if erreur else None))
        feuille.append(rangee)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def matrix_csv(matrice) -> bytes:
    """pieces.csv (contract, section 5) of the matrix, as `lot` writes it."""
    from bts_inscription.classe import matrix_rows

    return spreadsheet_csv(matrix_rows(matrice))
