"""A new document next year is data only: add it to a copy of the rules, no code change."""

import shutil

from bts_inscription import checklist
from build_tools.compiler import compile_edition
from tests.conftest import EDITION

NEW_PIECE = """
  - id: attestation_stage_etranger
    libelle: "Attestation de stage à l'étranger"
    echeance: engagement_etudiant
    condition:
      tous:
        - champ: categorie
          dans: [scolaire, apprenti]
          motif: "vous êtes en formation initiale"
        - champ: epreuves_facultatives
          contient: parcours_professionnalisation_etranger
          motif: "vous présentez le parcours de professionnalisation à l'étranger"
    source:
      - texte: referentiel_mco
"""


def test_a_document_added_in_yaml_reaches_the_right_candidates(tmp_path):
    copy = tmp_path / "2026"
    shutil.copytree(EDITION, copy, ignore=shutil.ignore_patterns("cas"))
    pieces = copy / "pieces.yaml"
    pieces.write_text(pieces.read_text(encoding="utf-8") + NEW_PIECE, encoding="utf-8")
    compilation = compile_edition(copy)
    assert compilation.ok, [str(e) for e in compilation.erreurs]

    concerned = {
        "categorie": "scolaire",
        "specialite": "management-commercial-operationnel",
        "epreuves_facultatives": ["parcours_professionnalisation_etranger"],
    }
    result = checklist(compilation.bundle, concerned)
    added = [p for p in result["pieces"] if p["id"] == "attestation_stage_etranger"]
    assert len(added) == 1
    assert added[0]["echeance"] == "2025-12-12"
    assert added[0]["motif"] == ("Vous êtes en formation initiale et vous présentez le parcours de professionnalisation à l'étranger.")
    assert added[0]["sources"] == ["Référentiel du BTS MCO"]

    not_concerned = dict(concerned, categorie="formation_continue")
    ids = [p["id"] for p in checklist(compilation.bundle, not_concerned)["pieces"]]
    assert "attestation_stage_etranger" not in ids
