"""The bounds of a class file, in one place: the engine, the command line and
(through the class tool's page data) the browser read them from here."""

OCTETS_FICHIER = 20_000_000  # a file, as given
OCTETS_XLSX_DECOMPRESSE = 60_000_000  # all the members of an XLSX, unpacked
LIGNES = 20_000  # rows after the header
COLONNES = 64  # columns read in a row
CARACTERES_CELLULE = 2_000  # one cell

# A candidate's answers (checklist command, candidate tool): one answer of the
# fiche. Longer, it is refused with an error on its field before its format is
# checked, so a check stays fast whatever the pattern the rules give.
CARACTERES_RUBRIQUE = 500


def en_francais(nombre: int) -> str:
    """20000 -> « 20 000 » (narrow no-break space between thousands)."""
    return f"{nombre:,}".replace(",", "\u202f")


def octets_en_francais(octets: int) -> str:
    return f"{en_francais(octets // 1_000_000)} Mo"
