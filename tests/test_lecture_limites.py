"""Unlucky and hostile class files: every line accounted for, a bad cell an
error on its own row, bounded resources (bts_inscription.limites), and one
French message, never a traceback, when a whole file is refused."""

import io
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest

from bts_inscription import limites
from bts_inscription.classe import InvalidFile, check_rows
from bts_inscription.reading import read_file
from tests.test_classe import ROOT

ENTETE = "nom;prenom;categorie;specialite\r\n"


def rows(n, start=0):
    return "".join(f"Nom{i};Prénom{i};scolaire;batiment\r\n" for i in range(start, start + n))


def matrix_of(name, content, bundle):
    entete, lignes, numeros = read_file(name, content)
    return check_rows(entete, lignes, bundle, numeros)


def errors_by_line(matrix):
    return {c["ligne"]: [(e["champ"], e["message"]) for e in c["erreurs"]] for c in matrix["candidats"] if c["erreurs"]}


def test_a_stray_quote_drops_no_row(bundle):
    content = ENTETE + rows(2) + 'Martin;"Paul;apprenti;batiment\r\n' + rows(7, start=2)
    matrix = matrix_of("c.csv", content.encode(), bundle)
    assert [c["ligne"] for c in matrix["candidats"]] == list(range(2, 12))
    assert errors_by_line(matrix) == {4: [("prenom", "guillemet non fermé à la ligne 4 : la cellule est lue sans ses guillemets")]}
    martin = matrix["candidats"][2]
    assert (martin["prenom"], martin["profil"]["categorie"]) == ("Paul", "apprenti")


def test_a_cell_with_line_breaks_typed_in_it_stays_one_cell(bundle):
    content = ENTETE + 'Durand;"Léa\r\nMarie";scolaire;batiment\r\n' + rows(1)
    matrix = matrix_of("c.csv", content.encode(), bundle)
    assert [(c["ligne"], c["prenom"]) for c in matrix["candidats"]] == [(2, "Léa\r\nMarie"), (4, "Prénom0")]
    assert errors_by_line(matrix) == {}


def test_a_too_long_cell_or_a_nul_is_an_error_on_its_row_only(bundle):
    long = "x" * 131_073
    content = ENTETE + f"Long;{long};scolaire;batiment\r\n" + "Nul;Z\x00oé;scolaire;batiment\r\n" + rows(1)
    matrix = matrix_of("c.csv", content.encode(), bundle)
    assert len(matrix["candidats"]) == 3
    assert errors_by_line(matrix) == {
        2: [("prenom", "cellule trop longue (131\u202f073 caractères ; au plus 2\u202f000) : elle est ignorée")],
        3: [("prenom", "caractère nul dans la cellule : il est retiré")],
    }
    assert matrix["candidats"][1]["prenom"] == "Zoé"


def test_too_many_rows_is_refused_with_the_bound(bundle):
    content = (ENTETE + rows(limites.LIGNES + 1)).encode()
    with pytest.raises(InvalidFile, match="Le fichier a plus de 20\u202f000 lignes : partagez la liste en plusieurs fichiers."):
        matrix_of("c.csv", content, bundle)
    assert len(matrix_of("c.csv", (ENTETE + rows(limites.LIGNES)).encode(), bundle)["candidats"]) == limites.LIGNES


def test_excels_unicode_text_is_read(bundle):
    """Excel's "Texte Unicode": UTF-16 with a BOM, tab-separated."""
    content = (ENTETE.replace(";", "\t") + "Durand\tLéa\tscolaire\tbatiment\r\n").encode("utf-16")
    (candidat,) = matrix_of("c.txt", content, bundle)["candidats"]
    assert (candidat["prenom"], candidat["erreurs"]) == ("Léa", [])


def xlsx_bytes(lignes):
    classeur = openpyxl.Workbook()
    for ligne in lignes:
        classeur.active.append(ligne)
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


def with_dimension(octets, ref):
    """The same workbook, its first sheet claiming another <dimension>."""
    source, sortie = zipfile.ZipFile(io.BytesIO(octets)), io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as cible:
        for membre in source.infolist():
            donnees = source.read(membre)
            if membre.filename == "xl/worksheets/sheet1.xml":
                donnees = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), donnees)
                assert f'ref="{ref}"'.encode() in donnees
            cible.writestr(membre, donnees)
    return sortie.getvalue()


@pytest.mark.parametrize("ref", ["A1:B3", "A1"])
def test_an_xlsx_is_read_by_its_cells_not_its_dimension(bundle, ref):
    lignes = [["nom", "prenom", "categorie", "specialite"]] + [[f"N{i}", f"P{i}", "scolaire", "batiment"] for i in range(7)]
    matrix = matrix_of("c.xlsx", with_dimension(xlsx_bytes(lignes), ref), bundle)
    assert [c["nom"] for c in matrix["candidats"]] == [f"N{i}" for i in range(7)]
    assert errors_by_line(matrix) == {}


def zip_bomb(path, rows=2_000_000):
    """A workbook of about 1.4 MB whose sheet unpacks to 2 million rows."""
    modele = io.BytesIO(xlsx_bytes([["nom", "prenom", "categorie", "specialite"]]))
    with zipfile.ZipFile(modele) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as cible:
        for membre in source.infolist():
            if membre.filename != "xl/worksheets/sheet1.xml":
                cible.writestr(membre, source.read(membre))
        with cible.open("xl/worksheets/sheet1.xml", "w") as feuille:
            feuille.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            ligne = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
            for _ in range(rows // 10_000):
                feuille.write(ligne * 10_000)
            feuille.write(b"</sheetData></worksheet>")
    return path


def test_a_zip_bomb_is_refused_before_reading(bundle, tmp_path):
    bomb = zip_bomb(tmp_path / "bombe.xlsx")
    assert bomb.stat().st_size < 2_000_000
    with pytest.raises(InvalidFile, match=r"Ce classeur se décompresse en \d+ Mo, plus que les 60 Mo permis pour une liste de classe"):
        matrix_of("bombe.xlsx", bomb.read_bytes(), bundle)
    result = subprocess.run(
        [sys.executable, "-m", "bts_inscription", "lot", str(bomb), "--sortie", str(tmp_path / "sortie")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "se décompresse en" in result.stderr


def test_too_many_rows_in_a_small_xlsx_is_refused_with_the_bound(bundle, tmp_path):
    small_bomb = zip_bomb(tmp_path / "lignes.xlsx", rows=limites.LIGNES + 10_000)
    with pytest.raises(InvalidFile, match="Le classeur a plus de 20\u202f000 lignes"):
        matrix_of("lignes.xlsx", small_bomb.read_bytes(), bundle)
