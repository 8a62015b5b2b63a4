"""The engine's messages on a table of marks: each names its row as the form's
cells do and cites the rule of the check that failed; marks read and written
with a decimal comma. And the R408 motifs say which annexes they mean."""

from bts_inscription import checklist
from bts_inscription.classe import profil_of_row
from bts_inscription.conditions import walk
from bts_inscription.regles import Regles


def _marks_field(bundle) -> dict:
    return next(champ for champ in bundle["profil"]["champs"] if champ["type"] == "tableau_notes")


def _column(champ, type_) -> dict:
    return next(column for column in champ["colonnes"] if column["type"] == type_)


def _errors(bundle, rows, **profil):
    champ = _marks_field(bundle)
    result = checklist(bundle, {"categorie": "scolaire", "specialite": "batiment", **profil, champ["id"]: rows})
    return [e for e in result["erreurs"] if e["champ"] == champ["id"]]


def test_a_mark_out_of_the_scale_names_its_row_and_cites_the_scale_rule(bundle):
    champ, session = _marks_field(bundle), bundle["session"] - 1
    note = _column(champ, "nombre")
    rows = [{"epreuve": "U3", "note": 12, "session": session}, {"epreuve": "U4", "note": note["au_plus"] + 5, "session": session}]
    [error] = _errors(bundle, rows)
    assert error["message"].startswith(f"{champ['nom_ligne']} 2 (U4) : ")
    assert str(note["au_plus"] + 5) in error["message"]
    assert error["sources"] == Regles(bundle).sources(note["source"]) != Regles(bundle).sources(champ["source"])


def test_a_session_out_of_bounds_cites_the_rule_of_its_column(bundle):
    champ = _marks_field(bundle)
    session = _column(champ, "entier")
    [error] = _errors(bundle, [{"epreuve": "U3", "note": 12, "session": session["au_moins"] - 1}])
    assert error["message"].startswith(f"{champ['nom_ligne']} 1 (U3) : ")
    assert error["sources"] == Regles(bundle).sources(session["source"])


def test_a_cell_whose_column_has_no_rule_of_its_own_cites_the_fields(bundle):
    champ = _marks_field(bundle)
    assert "source" not in _column(champ, "unite")
    [error] = _errors(bundle, [{"epreuve": "pas un code", "note": 12, "session": bundle["session"] - 1}])
    assert error["message"].startswith(f"{champ['nom_ligne']} 1 : ")
    assert error["sources"] == Regles(bundle).sources(champ["source"])


def test_a_mark_is_written_with_a_decimal_comma_in_messages(bundle):
    [error] = _errors(bundle, [{"epreuve": "U3", "note": 9.5, "session": bundle["session"] - 1}])
    assert "9,5" in error["message"] and "9.5" not in error["message"]


def test_the_class_list_reads_a_mark_with_a_decimal_comma(bundle):
    champ = _marks_field(bundle)
    profil, erreurs = profil_of_row({champ["id"]: f"U3:12,5:{bundle['session'] - 1}"}, bundle)
    assert erreurs == []
    assert profil[champ["id"]] == [{"epreuve": "U3", "note": 12.5, "session": bundle["session"] - 1}]


def test_motifs_naming_annexes_say_whose_annexes_and_what_they_cover(bundle):
    textes = {texte["id"]: texte for texte in bundle["textes"]["textes"]}
    pieces = [
        piece for piece in bundle["pieces"]["pieces"] if any("annexe" in node.get("motif", "") for _, node in walk(piece["condition"]))
    ]
    assert pieces
    for piece in pieces:
        motifs = [node["motif"] for _, node in walk(piece["condition"]) if "annexe" in node.get("motif", "")]
        cited = [textes[source["texte"]] for source in piece["source"]]
        for motif in motifs:
            assert "recommandation R408" in motif and "échafaudages" in motif, motif
            assert "utilisation" in motif, motif
            assert ("réception" in motif) == ("annexes 4 et 5" in motif), motif
        assert any("annexe 4" in texte["titre"] and "annexe 5" in texte["titre"] for texte in cited), piece["id"]
