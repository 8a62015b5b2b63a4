"""The class-list templates a teacher downloads from the class tool's page.

The XLSX template is opened with openpyxl as a spreadsheet would: its drop-down
lists, frozen header, example row and help sheets are checked against the
rules, then it is filled as a teacher would (labels, « Oui », sigles) and
imported. Every test runs on the 2026 rules and on the fictitious académie
(tests/fixtures/academie_exemple), whose template comes from its YAML alone.
"""

import io
import json
import re
import unicodedata

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from bts_inscription.checklist import checklist
from bts_inscription.classe import check_rows
from bts_inscription.export import read_spreadsheet_csv, spreadsheet_csv
from bts_inscription.reading import read_file
from build_tools.compiler import compile_edition
from build_tools.site.class_templates import notes_csv, template_csv, template_xlsx
from build_tools.site.stdlib import case_profiles
from tests.conftest import EDITION
from tests.test_academie_exemple import EDITION as EDITION_EXEMPLE
from tests.test_academie_exemple import FIXTURE_RULES

EDITIONS = {"2026": EDITION, "academie_exemple": FIXTURE_RULES / EDITION_EXEMPLE}
LAST_ROW = 1001  # the drop-down lists cover the rows a class of any size fills
LONGEST_CELL = 300  # the old « Colonnes » sheet held 2,733 characters in one cell
CHOICE_TYPES = ("choix", "liste_choix")


@pytest.fixture(scope="module", params=sorted(EDITIONS))
def edition(request):
    """(bundle, rules folder) of one edition."""
    compilation = compile_edition(EDITIONS[request.param])
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle, EDITIONS[request.param]


@pytest.fixture(scope="module")
def classeur(edition):
    return openpyxl.load_workbook(io.BytesIO(template_xlsx(edition[0])))


def champs_of(bundle) -> list:
    return bundle["profil"]["champs"]


def liste_classe(bundle) -> dict:
    return bundle["profil"]["liste_classe"]


def expected_headers(bundle) -> list:
    return [c["libelle"] for c in liste_classe(bundle)["identite"]] + [c["libelle"] for c in champs_of(bundle)]


def key(texte) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", str(texte)).casefold() if c.isalnum())


def label(item) -> str:
    return str(item.get("libelle") or item["id"])


def allowed_items(regles_champ, selon_champs) -> list:
    """[(item, chosen item or None)]: a field's fixed values, then those each chosen item adds."""
    fixes = regles_champ.valeurs({})
    items = [(item, None) for item in fixes.values()]
    for selon in regles_champ.selon:
        for choisi, element in selon_champs[selon].toutes_valeurs().items():
            items += [(item, element) for ident, item in regles_champ.valeurs({selon: choisi}).items() if ident not in fixes]
    return items


def regles(bundle):
    from bts_inscription.regles import regles_for

    return regles_for(bundle)


def range_values(classeur, formula) -> list:
    """The cells a validation's `'Sheet'!$C$2:$C$9` formula lists."""
    feuille, plage = re.fullmatch(r"'?([^'!]+)'?!(.+)", formula).groups()
    min_col, min_row, max_col, max_row = range_boundaries(plage.replace("$", ""))
    assert min_col == max_col, formula
    return [classeur[feuille].cell(row=r, column=min_col).value for r in range(min_row, max_row + 1)]


def validations_by_column(feuille) -> dict:
    """{column letter: DataValidation} of the sheet, each covering rows 2..LAST_ROW of one column."""
    found = {}
    for validation in feuille.data_validations.dataValidation:
        for plage in str(validation.sqref).split():
            min_col, min_row, max_col, max_row = range_boundaries(plage)
            assert (min_col, min_row, max_row) == (max_col, 2, LAST_ROW), plage
            found[get_column_letter(min_col)] = validation
    return found


# ---------- the sheet a teacher fills ----------


def test_the_class_sheet_comes_first_with_readable_bold_frozen_headers(edition, classeur):
    bundle, _ = edition
    feuille = classeur.worksheets[0]  # the sheet the import reads
    assert feuille.title == "Classe"
    entete = [c.value for c in feuille[1]]
    assert entete == expected_headers(bundle)
    assert len({key(e) for e in entete}) == len(entete), "two headers would be read as the same column"
    assert all(c.font.bold for c in feuille[1])
    assert feuille.freeze_panes == "A2"
    for index, nom in enumerate(entete, start=1):
        assert feuille.column_dimensions[get_column_letter(index)].width >= min(len(nom), 40), nom


def test_every_choice_column_lists_the_rules_labels_from_the_values_sheet(edition, classeur):
    bundle, _ = edition
    feuille = classeur["Classe"]
    validations = validations_by_column(feuille)
    colonnes = {cell.value: cell.column_letter for cell in feuille[1]}
    index = regles(bundle).champs
    listed = set()
    for champ in champs_of(bundle):
        if champ["type"] not in CHOICE_TYPES:
            continue
        lettre = colonnes[champ["libelle"]]
        validation = validations[lettre]
        listed.add(lettre)
        assert validation.type == "list"
        assert validation.formula1.startswith("'Valeurs'!"), "a list over 255 characters cannot be inline"
        attendus = [label(item) for item, _ in allowed_items(index[champ["id"]], index)]
        assert attendus
        assert range_values(classeur, validation.formula1) == attendus, champ["id"]
        assert validation.errorStyle == "warning", "the import takes ids and sigles too: warn, never refuse"
        # « A|B » is no item of the list: a multi-value column shows no error.
        assert validation.showErrorMessage is (champ["type"] != "liste_choix"), champ["id"]
        assert len(validation.error or "") <= 255 and len(validation.prompt or "") <= 255
        assert len(validation.errorTitle or "") <= 32 and len(validation.promptTitle or "") <= 32
    assert listed


def test_the_specialty_list_is_every_specialty_of_the_rules(edition, classeur):
    bundle, _ = edition
    (champ,) = [c for c in champs_of(bundle) if c.get("valeurs") == [{"liste": "specialites.specialites"}]]
    lettre = [c.column_letter for c in classeur["Classe"][1] if c.value == champ["libelle"]][0]
    listed = range_values(classeur, validations_by_column(classeur["Classe"])[lettre].formula1)
    assert listed == [s["libelle"] for s in bundle["specialites"]["specialites"]]


def test_boolean_columns_are_oui_non_lists(edition, classeur):
    bundle, _ = edition
    mots = liste_classe(bundle)
    validations = validations_by_column(classeur["Classe"])
    colonnes = {cell.value: cell.column_letter for cell in classeur["Classe"][1]}
    booleens = [c for c in champs_of(bundle) if c["type"] == "booleen"]
    assert booleens
    for champ in booleens:
        validation = validations[colonnes[champ["libelle"]]]
        assert validation.type == "list"
        assert validation.formula1 == f'"{mots["oui"][0]},{mots["non"][0]}"'
        assert validation.errorStyle == "warning" and validation.showErrorMessage


def test_free_text_columns_have_no_list(edition, classeur):
    bundle, _ = edition
    colonnes = {cell.value: cell.column_letter for cell in classeur["Classe"][1]}
    libres = [c["libelle"] for c in liste_classe(bundle)["identite"]]
    libres += [c["libelle"] for c in champs_of(bundle) if c["type"] not in (*CHOICE_TYPES, "booleen")]
    validations = validations_by_column(classeur["Classe"])
    assert not {colonnes[nom] for nom in libres} & set(validations)
    assert len(validations) == len(colonnes) - len(libres)


def test_the_example_row_is_the_rules_example_written_with_labels(edition, classeur):
    bundle, _ = edition
    exemple = liste_classe(bundle)["exemple"]
    profil = exemple["profil"]
    assert checklist(bundle, profil)["erreurs"] == [], "the rules' example is a valid profile"
    index = regles(bundle).champs
    mots = liste_classe(bundle)
    attendu = [exemple["identite"][c["id"]] for c in liste_classe(bundle)["identite"]]
    for champ in champs_of(bundle):
        valeur = profil.get(champ["id"])
        if valeur is None:
            attendu.append(None)
        elif champ["type"] == "booleen":
            attendu.append(mots["oui"][0] if valeur else mots["non"][0])
        elif champ["type"] in CHOICE_TYPES:
            items = index[champ["id"]].valeurs(profil)
            attendu.append("|".join(label(items[v]) for v in (valeur if isinstance(valeur, list) else [valeur])))
        elif champ["type"] == "tableau_notes":
            attendu.append("|".join(":".join(str(ligne[c["id"]]).replace(".", ",") for c in champ["colonnes"]) for ligne in valeur))
        else:
            attendu.append("|".join(map(str, valeur)) if isinstance(valeur, list) else valeur)
    assert [c.value for c in classeur["Classe"][2]] == attendu
    specialite = next(s for s in bundle["specialites"]["specialites"] if s["id"] == profil["specialite"])
    assert specialite["libelle"] in attendu


# ---------- the help sheets ----------


def test_the_values_sheet_has_one_value_per_row_for_every_specialty(edition, classeur):
    bundle, _ = edition
    feuille = classeur["Valeurs"]
    rangees = list(feuille.iter_rows(values_only=True))
    assert rangees[0] == ("colonne", "identifiant", "libellé", "sigle", "seulement pour")
    assert feuille.freeze_panes == "A2" and all(c.font.bold for c in feuille[1])
    par_colonne = {}
    for colonne, ident, libelle, sigle, seulement in rangees[1:]:
        par_colonne.setdefault(colonne, []).append((ident, libelle, sigle, seulement))
    champ_specialite = next(c for c in champs_of(bundle) if c.get("valeurs") == [{"liste": "specialites.specialites"}])
    specialites = bundle["specialites"]["specialites"]
    assert par_colonne[champ_specialite["libelle"]] == [(s["id"], s["libelle"], s.get("sigle"), None) for s in specialites]
    # Each specialty's options, each on its own row, saying which specialty.
    index = regles(bundle).champs
    for champ in champs_of(bundle):
        if champ["type"] not in CHOICE_TYPES:
            continue
        assert par_colonne[champ["libelle"]] == [
            (
                item["id"],
                label(item),
                item.get("sigle"),
                None if element is None else f"{champ_specialite['libelle']}\u00a0: {label(element)}",
            )
            for item, element in allowed_items(index[champ["id"]], index)
        ]
    avec_options = [s for s in specialites if s.get("options")]
    assert avec_options
    for specialite in avec_options:
        lignes = [r for r in rangees if r[4] and r[4].endswith(f": {specialite['libelle']}")]
        assert [r[1] for r in lignes if r[1] in {o["id"] for o in specialite["options"]}], specialite["id"]


def test_no_cell_lists_many_values(edition, classeur):
    bundle, _ = edition
    ids = {s["id"] for s in bundle["specialites"]["specialites"]}
    for feuille in classeur.worksheets:
        for rangee in feuille.iter_rows(values_only=True):
            for cellule in rangee:
                texte = str(cellule or "")
                assert len(texte) <= LONGEST_CELL, (feuille.title, texte[:80])
                assert len(set(re.split(r"[\s,;|«»]+", texte)) & ids) <= 1, (feuille.title, texte[:80])


def test_the_columns_sheet_explains_each_column_and_points_to_the_values_sheet(edition, classeur):
    bundle, _ = edition
    rangees = list(classeur["Colonnes"].iter_rows(values_only=True))
    assert [r[0] for r in rangees[1:]] == expected_headers(bundle)
    assert [r[1] for r in rangees[1:]] == [c["id"] for c in liste_classe(bundle)["identite"]] + [c["id"] for c in champs_of(bundle)]
    par_id = {r[1]: r for r in rangees[1:]}
    for champ in champs_of(bundle):
        permises = par_id[champ["id"]][3]
        if champ["type"] in CHOICE_TYPES:
            assert "«\u00a0Valeurs\u00a0»" in permises, champ["id"]
        if champ["type"] == "booleen":
            assert all(mot in permises for mot in liste_classe(bundle)["oui"] + liste_classe(bundle)["non"])
    assert " :" not in "".join(str(c or "") for r in rangees for c in r[:4]), "French typography: no-break space before « : »"


def test_the_csv_template_is_the_headers_and_the_example_row(edition, classeur):
    bundle, _ = edition
    rangees = read_spreadsheet_csv(template_csv(bundle))
    assert rangees[0] == expected_headers(bundle)
    assert rangees[1] == ["" if c.value is None else str(c.value) for c in classeur["Classe"][2]]
    assert len(rangees) == 2


def test_the_notes_csv_has_one_value_per_row(edition):
    bundle, _ = edition
    rangees = read_spreadsheet_csv(notes_csv(bundle))
    assert all(len(c) <= LONGEST_CELL for r in rangees for c in r)
    champ_specialite = next(c for c in champs_of(bundle) if c.get("valeurs") == [{"liste": "specialites.specialites"}])
    lignes = [r for r in rangees[1:] if r[0] == champ_specialite["libelle"] and r[4]]
    assert [(r[4], r[5]) for r in lignes] == [(s["id"], s["libelle"]) for s in bundle["specialites"]["specialites"]]
    assert {r[1] for r in rangees[1:] if r[1]} == {c["id"] for c in liste_classe(bundle)["identite"]} | {c["id"] for c in champs_of(bundle)}


def test_the_fictitious_academie_gets_its_own_template():
    """Its own fields, specialties and example, from its YAML, with no code change."""
    own, ours = compile_edition(EDITIONS["academie_exemple"]).bundle, compile_edition(EDITIONS["2026"]).bundle
    siens = {c["id"] for c in champs_of(own)} - {c["id"] for c in champs_of(ours)}
    assert siens
    feuille = openpyxl.load_workbook(io.BytesIO(template_xlsx(own)))["Classe"]
    entete = [c.value for c in feuille[1]]
    assert {c["libelle"] for c in champs_of(own) if c["id"] in siens} <= set(entete)
    assert [c.value for c in feuille[2]][:2] == list(liste_classe(own)["exemple"]["identite"].values())
    assert entete != [c.value for c in openpyxl.load_workbook(io.BytesIO(template_xlsx(ours)))["Classe"][1]]


# ---------- filled as a teacher would, then imported ----------


def teacher_profiles(bundle, rules, n=10) -> list:
    """Up to n valid profiles of the edition's cases that, together, give every column and value they can."""
    ids = {c["id"] for c in champs_of(bundle)}
    valides, vus = [], set()
    for profil in case_profiles(rules):
        texte = json.dumps(profil, sort_keys=True)
        if not isinstance(profil, dict) or not profil.keys() <= ids or texte in vus:
            continue
        if any(isinstance(v, list) and len(set(map(json.dumps, v))) < len(v) for v in profil.values()):
            continue
        vus.add(texte)
        if not checklist(bundle, profil)["erreurs"]:
            valides.append(profil)
    choisis, couverts = [], set()
    while valides and len(choisis) < n:
        meilleur = max(valides, key=lambda p: len({(k, json.dumps(v)) for k, v in p.items()} - couverts))
        valides.remove(meilleur)
        choisis.append(meilleur)
        couverts |= {(k, json.dumps(v)) for k, v in meilleur.items()}
    return choisis


def teacher_cell(bundle, champ, valeur, profil, numero):
    """A value as a teacher types it: labels (in lower case one row in two), sigles,
    « Oui » / « non », several labels joined by « | », a decimal comma."""
    mots = liste_classe(bundle)
    if champ["type"] == "booleen":
        return mots["oui"][0].capitalize() if valeur else mots["non"][0]
    if champ["type"] == "entier":
        return valeur
    if champ["type"] == "tableau_notes":
        return " | ".join(":".join(str(ligne[c["id"]]).replace(".", ",") for c in champ["colonnes"]) for ligne in valeur)
    if champ["type"] in CHOICE_TYPES:
        index = regles(bundle).champs[champ["id"]]
        items = {**index.hors_liste, **index.valeurs(profil)}
        textes = []
        for v in valeur if isinstance(valeur, list) else [valeur]:
            item = items[v]
            if item.get("sigle") and numero % 2 == 0:
                textes.append(item["sigle"])
            else:
                textes.append(label(item).lower() if numero % 2 else label(item))
        return " | ".join(textes)
    return " | ".join(map(str, valeur)) if isinstance(valeur, list) else str(valeur)


def teacher_rows(bundle, profils) -> list:
    rangees = []
    for numero, profil in enumerate(profils):
        rangee = ["Élève", f"Zoé {numero}"]
        rangee += [teacher_cell(bundle, c, profil[c["id"]], profil, numero) if c["id"] in profil else None for c in champs_of(bundle)]
        rangees.append(rangee)
    return rangees


@pytest.mark.parametrize("format_", ["xlsx", "csv"])
def test_a_template_filled_with_labels_imports_with_no_error(edition, format_):
    bundle, rules = edition
    profils = teacher_profiles(bundle, rules)
    assert len(profils) == 10
    rangees = teacher_rows(bundle, profils)
    sigles = [s["sigle"] for s in bundle["specialites"]["specialites"] if s.get("sigle")]
    assert any(cell in sigles for r in rangees for cell in r), "a specialty given by its sigle"
    if format_ == "xlsx":
        classeur = openpyxl.load_workbook(io.BytesIO(template_xlsx(bundle)))
        for rangee in rangees:  # under the example row, which the teacher leaves
            classeur["Classe"].append(rangee)
        tampon = io.BytesIO()
        classeur.save(tampon)
        octets = tampon.getvalue()
    else:
        modele = read_spreadsheet_csv(template_csv(bundle))
        octets = spreadsheet_csv(modele + [["" if c is None else c for c in r] for r in rangees])
    entete, lignes, numeros = read_file(f"classe.{format_}", octets)
    assert entete == expected_headers(bundle), "accented headers, as the template writes them"
    matrice = check_rows(entete, lignes, bundle, numeros)
    erreurs = [(c["ligne"], e) for c in matrice["candidats"] for e in c["erreurs"]]
    assert erreurs == []
    assert [c["ligne"] for c in matrice["candidats"]] == list(range(3, 3 + len(profils))), "the example row is skipped"
    for candidat, profil in zip(matrice["candidats"], profils):
        attendu = {p["id"]: p["echeance"] for p in checklist(bundle, profil)["pieces"]}
        assert candidat["pieces"] == attendu, (candidat["ligne"], profil)
