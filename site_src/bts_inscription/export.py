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
