"""Read a class list file (CSV or XLSX bytes) into a header and rows of cells.

Every physical line is accounted for: a row, or a row whose bad cell carries its
problem (CelluleSignalee), never a silent loss; the bounds are in `limites`."""

import csv
import io
import re
import zipfile

from bts_inscription import limites
from bts_inscription.classe import InvalidFile

_FIN_DE_LIGNE = re.compile(r"\r\n|\n|\r")


class CelluleSignalee(str):
    """A cell kept as best it could be read, with the problem its row reports."""

    def __new__(cls, texte, probleme):
        cellule = super().__new__(cls, texte)
        cellule.probleme = probleme
        return cellule


def _checked_cell(texte: str):
    """A cell within bounds, or a signalled one (too long, NUL characters)."""
    if len(texte) > limites.CARACTERES_CELLULE:
        return CelluleSignalee(
            "",
            f"cellule trop longue ({limites.en_francais(len(texte))} caractères ; au plus "
            f"{limites.en_francais(limites.CARACTERES_CELLULE)}) : elle est ignorée",
        )
    if "\x00" in texte:
        return CelluleSignalee(texte.replace("\x00", ""), "caractère nul dans la cellule : il est retiré")
    return texte


_BOM = b"\xef\xbb\xbf"
_CONTROLES = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
_ZIP = b"PK\x03\x04"
BINAIRE = "Ce fichier n'est pas une liste CSV lisible (contenu binaire) : enregistrez la liste au format CSV (séparateur ; ou ,) ou XLSX."
XLSX_ENDOMMAGE = "Ce fichier XLSX est illisible ou endommagé : ouvrez-le dans un tableur et enregistrez-le de nouveau."


def decoder(octets: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252; binary content is refused."""
    if octets.startswith(_BOM):
        octets = octets[len(_BOM) :]
    if octets.startswith((b"\xff\xfe", b"\xfe\xff")):  # "texte Unicode" as Excel saves it
        try:
            return octets.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidFile(BINAIRE) from None
    try:
        texte = octets.decode("utf-8")
    except UnicodeDecodeError:
        try:
            texte = octets.decode("cp1252")
        except UnicodeDecodeError:
            raise InvalidFile(BINAIRE) from None
    controles = len(_CONTROLES.findall(texte)) + texte.count("\x00")
    if controles > max(2, len(texte) // 100):
        raise InvalidFile(BINAIRE)
    return texte


def separateur(ligne: str) -> str:
    """; , or tab, whichever the header line uses most (; on a tie)."""
    return max(";,\t", key=ligne.count) if any(s in ligne for s in ",\t") else ";"


def _entete_et_lignes(rangees) -> tuple:
    """Split (line number, cells) rows into the header (the first non-blank
    row), the rows after it and their line numbers."""
    entete, lignes, numeros = None, [], []
    for numero, cellules in rangees:
        if entete is None:
            if any(c.strip() for c in cellules):
                entete = cellules
            continue
        lignes.append(cellules)
        numeros.append(numero)
    return entete, lignes, numeros


def _stray_quote(cellules, separateur) -> bool:
    """A record spanning lines whose multi-line cell holds whole rows: a quote
    opened and never closed, not a cell with line breaks typed in it."""
    return any(separateur in c and _FIN_DE_LIGNE.search(c) for c in cellules)


def _line_alone(ligne: str, numero: int, separateur: str) -> list:
    """One physical line read on its own; an unbalanced quote is signalled on its cell."""
    if ligne.count('"') % 2 == 0:
        return next(csv.reader([ligne], delimiter=separateur), [])
    cellules = next(csv.reader([ligne], delimiter=separateur, quoting=csv.QUOTE_NONE), [])
    probleme = f"guillemet non fermé à la ligne {numero} : la cellule est lue sans ses guillemets"
    return [CelluleSignalee(c.replace('"', ""), probleme) if '"' in c else c for c in cellules]


def _rangees_csv(texte: str, separateur: str):
    lignes = _FIN_DE_LIGNE.split(texte)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur)
    fin_precedente = 0
    for cellules in lecteur:
        debut, fin_precedente = fin_precedente + 1, lecteur.line_num
        if debut > limites.LIGNES + 1:  # the header, then LIGNES rows
            raise InvalidFile(
                f"Le fichier a plus de {limites.en_francais(limites.LIGNES)} lignes : partagez la liste en plusieurs fichiers."
            )
        if fin_precedente > debut and _stray_quote(cellules, separateur):
            for numero in range(debut, fin_precedente + 1):
                yield numero, [_checked_cell(c) for c in _line_alone(lignes[numero - 1], numero, separateur)]
        else:
            yield debut, [_checked_cell(c) for c in cellules]


def read_csv(octets: bytes) -> tuple:
    """(header, rows, line number of each row)."""
    texte = decoder(octets)
    if not texte.strip():
        raise InvalidFile("Le fichier est vide : il doit contenir une ligne d'en-tête puis un candidat par ligne.")
    premiere = texte.lstrip("\r\n").splitlines()[0]
    csv.field_size_limit(max(len(texte) + 1, 131_072))  # long cells are reported on their row (_checked_cell)
    try:
        entete, lignes, numeros = _entete_et_lignes(_rangees_csv(texte, separateur(premiere)))
    except csv.Error as exc:
        raise InvalidFile(f"Fichier CSV mal formé ({exc}).") from None
    return entete or [], lignes, numeros


def read_xlsx(octets: bytes) -> tuple:
    try:
        import openpyxl
    except ImportError:
        raise InvalidFile("La lecture des fichiers XLSX n'est pas disponible ici : enregistrez la liste en CSV.") from None
    _check_unpacked_size(octets)
    try:
        classeur = openpyxl.load_workbook(io.BytesIO(octets), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise InvalidFile(XLSX_ENDOMMAGE) from None
    try:  # read-only mode parses a sheet only now: a damaged or missing sheet fails here
        feuille = classeur.worksheets[0]
        feuille.reset_dimensions()  # read the cells there are, whatever <dimension> claims
        entete, lignes, numeros = _entete_et_lignes(_rangees_xlsx(feuille))
    except InvalidFile:
        raise
    except Exception:
        raise InvalidFile(XLSX_ENDOMMAGE) from None
    finally:
        classeur.close()
    if entete is None:
        raise InvalidFile("Le classeur est vide : sa première feuille doit contenir une ligne d'en-tête puis un candidat par ligne.")
    return entete, lignes, numeros


def _check_unpacked_size(octets: bytes) -> None:
    """Refuse, before reading, a workbook that unpacks beyond the bound (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(octets)) as archive:
            taille = sum(membre.file_size for membre in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise InvalidFile(XLSX_ENDOMMAGE) from None
    if taille > limites.OCTETS_XLSX_DECOMPRESSE:
        raise InvalidFile(
            f"Ce classeur se décompresse en {limites.octets_en_francais(taille)}, plus que les "
            f"{limites.octets_en_francais(limites.OCTETS_XLSX_DECOMPRESSE)} permis pour une liste de classe : "
            "enregistrez seulement la liste, en CSV ou dans un nouveau classeur."
        )


def _rangees_xlsx(feuille):
    for numero, valeurs in enumerate(feuille.iter_rows(max_col=limites.COLONNES, values_only=True), start=1):
        if numero > limites.LIGNES + 1:
            raise InvalidFile(
                f"Le classeur a plus de {limites.en_francais(limites.LIGNES)} lignes : partagez la liste en plusieurs fichiers."
            )
        cellules = ["" if v is None else _checked_cell(_texte_cellule(v)) for v in valeurs]
        while cellules and cellules[-1] == "":
            cellules.pop()
        yield numero, cellules


def _texte_cellule(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return str(valeur)


def read_file(nom: str, octets: bytes) -> tuple:
    if len(octets) > limites.OCTETS_FICHIER:
        raise InvalidFile(
            f"Ce fichier fait {limites.octets_en_francais(len(octets))}, plus que les "
            f"{limites.octets_en_francais(limites.OCTETS_FICHIER)} permis pour une liste de classe."
        )
    if octets.startswith(_ZIP) or nom.lower().endswith((".xlsx", ".xlsm")):
        if not octets.startswith(_ZIP):
            raise InvalidFile("Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel.")
        return read_xlsx(octets)
    return read_csv(octets)
