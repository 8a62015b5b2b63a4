"""Yearly editions: nouvelle-edition, unconfirmed values, diff, publication."""

import json
import os
import subprocess
import sys
from unittest import mock

import pytest

from build_tools.compiler import compile_edition
from build_tools.site.build import BuildError, build_site
from tests.conftest import ROOT, RULES
from tests.editions.fixture import make_rules


def run(*args, rules):
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"BTS_INSCRIPTION_REGLES": str(rules), "PATH": "/usr/bin:/bin"},
    )


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    return make_rules(tmp_path_factory.mktemp("regles"))


def test_diff_lists_exactly_the_three_changes(two_editions):
    result = run("diff", "2026", "2027", "--json", rules=two_editions)
    assert result.returncode == 0, result.stderr
    changes = json.loads(result.stdout)["changements"]
    assert [(c["type"], c["id"]) for c in changes] == [
        ("piece_ajoutee", "attestation_assiduite"),
        ("echeance_deplacee", "engagement_etudiant"),
        ("valeur_ajoutee", "langue_facultative/portugais"),
    ]
    text = run("diff", "2026", "2027", rules=two_editions)
    assert text.stdout.splitlines() == [
        "Changements de l'édition 2026 à l'édition 2027 : 3",
        "- Pièce ajoutée : « Attestation d'assiduité en formation » (au plus tard le 19 novembre 2025).",
        "- Date limite « Dépôt de la demande engagement étudiant et des attestations de formation de spécialité » : "
        "12 décembre 2025 → 15 décembre 2025.",
        "- « Langue vivante facultative » : ajout de « Portugais ».",
    ]


def test_an_edition_compared_with_itself_has_no_change():
    result = run("diff", "2026", "2026", "--json", rules=RULES)
    assert json.loads(result.stdout)["changements"] == []


def test_new_edition_shifts_dates_and_warns_until_confirmed(tmp_path):
    rules = tmp_path / "rules"
    make_rules(rules)  # 2026 and 2027 exist: the next one is 2028, made from 2027
    created = run("nouvelle-edition", "2028", rules=rules)
    assert created.returncode == 0, created.stderr
    assert "- 4 dates décalées d'un an :" in created.stdout
    calendar = (rules / "2028" / "calendrier.yaml").read_text(encoding="utf-8")
    assert 'date: "2026-11-19"' in calendar and 'date: "2026-12-15"' in calendar
    edition = (rules / "2028" / "edition.yaml").read_text(encoding="utf-8")
    assert 'edition: "2028"' in edition
    to_confirm = edition[edition.index("a_confirmer:") :].count('\n  - "')
    assert to_confirm > 5  # the 4 dates, the news, the sources citing the 2027 edition's note, its texts naming 2027

    validated = run("validate", "--edition", "2028", rules=rules)
    assert validated.returncode == 0, validated.stdout
    warnings = validated.stdout.splitlines()
    assert len(warnings) == to_confirm
    line = calendar.splitlines().index('    date: "2026-11-19"') + 1
    assert (
        f"{rules / '2028' / 'calendrier.yaml'}:{line}:5: avertissement : valeur « 2026-11-19 » reprise de "
        "l'édition précédente et décalée d'un an, à confirmer (calendrier.echeances.depot_pieces.date)"
    ) in warnings
    assert f"{to_confirm} valeurs à confirmer avant publication" in validated.stderr

    with pytest.raises(BuildError) as refused:
        publish(rules, tmp_path)
    assert "Publication refusée" in str(refused.value)
    assert str(refused.value).count("publication refusée :") == to_confirm
    assert not (tmp_path / "site").exists()

    again = run("nouvelle-edition", "2028", rules=rules)
    assert again.returncode == 2
    assert again.stderr == "Erreur : l'année doit suivre la dernière édition (2028), par exemple 2029.\n"


def publish(rules, tmp_path):
    with mock.patch.dict(os.environ, {"BTS_INSCRIPTION_REGLES": str(rules)}):
        return build_site(tmp_path / "site", publication=True)


@pytest.mark.construction
def test_confirmed_values_can_be_published(tmp_path):
    rules = tmp_path / "rules"
    make_rules(rules)
    assert run("nouvelle-edition", "2028", rules=rules).returncode == 0
    edition = rules / "2028" / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(text[: text.index("# Valeurs reprises")], encoding="utf-8")
    news = rules / "2028" / "nouveautes.yaml"
    news.write_text(news.read_text(encoding="utf-8").replace("a_rediger: true\n", ""), encoding="utf-8")
    compilation = compile_edition(rules / "2028", check_coverage=False)
    assert compilation.ok and compilation.avertissements == []
    site = publish(rules, tmp_path)
    assert (site / "index.html").exists() and (site / "2027" / "index.html").exists() and (site / "2026" / "index.html").exists()


def test_unknown_entry_in_a_confirmer_is_an_error(tmp_path):
    rules = make_rules(tmp_path / "rules")
    edition = rules / "2027" / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + 'a_confirmer:\n  - "calendrier.echeances.inconnue.date"\n', encoding="utf-8")
    result = run("validate", "--edition", "2027", rules=rules)
    assert result.returncode == 1
    assert "« calendrier.echeances.inconnue.date » dans « a_confirmer » ne désigne aucune valeur des règles" in result.stdout
