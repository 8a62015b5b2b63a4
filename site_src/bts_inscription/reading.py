"""Read a class list file (CSV or XLSX bytes) into a header and rows of cells."""

import csv
import io
import re

from bts_inscription.classe import InvalidFile

_BOM = b"\xef\xbb\xbf"
_CONTROLES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ZIP = b"PK\x03\x04"
BINAIRE = "Ce fichier n'est pas une liste CSV lisible (contenu binaire) : enregistrez la liste au format CSV (séparateur ; ou ,) ou XLSX."
XLSX_ENDOMMAGE = "Ce fichier XLSX est illisible ou endommagé : ouvrez-le dans un tableur et enregistrez-le de nouveau."


def decoder(octets: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252; binary content is refused."""
    if octets.startswith(_BOM):
        octets = octets[len(_BOM) :]
    if b"\x00" in octets:
        raise InvalidFile(BINAIRE)
    try:
        texte = octets.decode("utf-8")
    except UnicodeDecodeError:
        try:
            texte = octets.decode("cp1252")
        except UnicodeDecodeError:
            raise InvalidFile(BINAIRE) from None
    controles = len(_CONTROLES.findall(texte))
    if controles > max(2, len(texte) // 100):
        raise InvalidFile(BINAIRE)
    return texte


def separateur(ligne: str) -> str:
    return ";" if ligne.count(";") >= ligne.count(",") else ","


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


def _rangees_csv(lecteur):
    fin_precedente = 0
    for cellules in lecteur:
        debut, fin_precedente = fin_precedente + 1, lecteur.line_num
        yield debut, cellules


def read_csv(octets: bytes) -> tuple:
    """(header, rows, line number of each row)."""
    texte = decoder(octets)
    if not texte.strip():
        raise InvalidFile("Le fichier est vide : il doit contenir une ligne d'en-tête puis un candidat par ligne.")
    premiere = texte.lstrip("\r\n").splitlines()[0]
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=separateur(premiere))
    try:
        entete, lignes, numeros = _entete_et_lignes(_rangees_csv(lecteur))
    except csv.Error as exc:
        raise InvalidFile(f"Fichier CSV mal formé vers la ligne {lecteur.line_num} ({exc}).") from None
    return entete or [], lignes, numeros


def read_xlsx(octets: bytes) -> tuple:
    try:
        import openpyxl
    except ImportError:
        raise InvalidFile("La lecture des fichiers XLSX n'est pas disponible ici : enregistrez la liste en CSV.") from None
    try:
        classeur = openpyxl.load_workbook(io.BytesIO(octets), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a damaged file
        raise InvalidFile(XLSX_ENDOMMAGE) from None
    try:  # read-only mode parses a sheet only now: a damaged or missing sheet fails here
        rangees = enumerate(classeur.worksheets[0].iter_rows(values_only=True), start=1)
        entete, lignes, numeros = _entete_et_lignes(
            (numero, ["" if v is None else _texte_cellule(v) for v in valeurs]) for numero, valeurs in rangees
        )
    except Exception:
        raise InvalidFile(XLSX_ENDOMMAGE) from None
    finally:
        classeur.close()
    if entete is None:
        raise InvalidFile("Le classeur est vide : sa première feuille doit contenir une ligne d'en-tête puis un candidat par ligne.")
    return entete, lignes, numeros


def _texte_cellule(valeur) -> str:
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, float) and valeur.is_integer():
        return str(int(valeur))
    return str(valeur)


def read_file(nom: str, octets: bytes) -> tuple:
    if octets.startswith(_ZIP) or nom.lower().endswith((".xlsx", ".xlsm")):
        if not octets.startswith(_ZIP):
            raise InvalidFile("Ce fichier porte l'extension .xlsx mais n'est pas un classeur Excel.")
        return read_xlsx(octets)
    return read_csv(octets)
