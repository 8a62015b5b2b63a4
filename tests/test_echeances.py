"""Deadlines with a time of day, the edition's time zone, and deadlines that depend
on the profile (`echeance_selon`), on a copy of rules/2026 edited in YAML."""

import datetime
import shutil
import zoneinfo

import pytest
from icalendar import Calendar

from bts_inscription import checklist
from bts_inscription.classe import check_rows
from bts_inscription.dates import echeance_fr, echeance_jour_fr, heure_fr
from bts_inscription.printing import checklists_html
from build_tools.compiler import compile_edition
from build_tools.site.context import build_context
from build_tools.site.ics import calendar_bytes
from build_tools.site.pages import environment
from tests.conftest import EDITION

TOURISME = "tourisme"
# Two deadlines more: one later for Tourisme, one on the main day but in the morning for apprentices.
NEW_DEADLINES = """
  - id: depot_tourisme
    date: "2025-11-26"
    heure: "22:00"
    libelle: "Dépôt des pièces, BTS Tourisme"
    description: "Dernier délai pour les candidats du BTS Tourisme."
    source:
      - texte: note_dec_2026
  - id: depot_matin
    date: "2025-11-19"
    heure: "09:30"
    libelle: "Dépôt de la pièce d'identité des apprentis"
    description: "Dernier délai pour les apprentis."
    source:
      - texte: note_dec_2026
"""
CONFIRMATION = """  - id: confirmation_inscription
    libelle: "Confirmation d'inscription datée et signée"
    echeance: depot_pieces
"""
IDENTITE = """  - id: piece_identite
    libelle: "Pièce d'identité"
    echeance: depot_pieces
"""


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def edition_copy(tmp_path):
    """rules/2026 in Martinique: the main deadline at 17:00, two deadlines by profile."""
    copy = tmp_path / "2026"
    shutil.copytree(EDITION, copy, ignore=shutil.ignore_patterns("cas"))
    edition = copy / "edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + 'fuseau_horaire: "America/Martinique"\n', encoding="utf-8")
    calendrier = copy / "calendrier.yaml"
    _replace(calendrier, 'date: "2025-11-19"\n', 'date: "2025-11-19"\n    heure: "17:00"\n')
    calendrier.write_text(calendrier.read_text(encoding="utf-8") + NEW_DEADLINES, encoding="utf-8")
    pieces = copy / "pieces.yaml"
    _replace(
        pieces,
        CONFIRMATION,
        CONFIRMATION
        + f"""    echeance_selon:
      - condition:
          champ: specialite
          egal: {TOURISME}
        echeance: depot_tourisme
""",
    )
    _replace(
        pieces,
        IDENTITE,
        IDENTITE
        + """    echeance_selon:
      - condition:
          champ: categorie
          egal: apprenti
        echeance: depot_matin
      - condition:
          champ: specialite
          egal: tourisme
        echeance: depot_tourisme
""",
    )
    return copy


def compiled(directory):
    # Coverage is another area's check; these tests are about deadlines.
    compilation = compile_edition(directory, check_coverage=False)
    assert compilation.ok, "\n".join(map(str, compilation.erreurs))
    return compilation.bundle


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    return compiled(edition_copy(tmp_path_factory.mktemp("echeances")))


def errors_of(tmp_path, stem, old, new):
    copy = edition_copy(tmp_path)
    _replace(copy / f"{stem}.yaml", old, new)
    return [str(e).replace(str(copy) + "/", "") for e in compile_edition(copy, check_coverage=False).erreurs]


def pieces_of(bundle, **profile):
    return {piece["id"]: piece for piece in checklist(bundle, {"categorie": "scolaire", "specialite": "aeronautique", **profile})["pieces"]}


def test_times_are_written_the_french_way():
    assert heure_fr("17:00") == "17 h"
    assert heure_fr("17:30") == "17 h 30"
    assert heure_fr("09:05") == "9 h 05"
    assert echeance_fr({"date": "2025-11-19", "heure": "17:00"}) == "19 novembre 2025 à 17 h"
    assert echeance_fr({"date": "2025-11-19"}) == "19 novembre 2025"
    assert echeance_jour_fr({"date": "2025-11-19", "heure": "17:30"}) == "mercredi 19 novembre 2025 à 17 h 30"


def test_a_piece_gives_its_time_only_when_its_deadline_has_one(bundle):
    pieces = pieces_of(bundle, epreuves_facultatives=["engagement_etudiant"])
    confirmation = pieces["confirmation_inscription"]
    assert (confirmation["echeance"], confirmation["heure"]) == ("2025-11-19", "17:00")
    assert confirmation["echeance_id"] == "depot_pieces"
    assert confirmation["echeance_texte"] == "19 novembre 2025 à 17 h"
    engagement = pieces["demande_engagement_etudiant"]
    assert engagement["echeance"] == "2025-12-12" and "heure" not in engagement
    assert engagement["echeance_texte"] == "12 décembre 2025"


def test_the_first_case_that_holds_gives_the_deadline_else_the_default(bundle):
    others = pieces_of(bundle)
    assert others["confirmation_inscription"]["echeance_id"] == "depot_pieces"
    assert others["piece_identite"]["echeance_id"] == "depot_pieces"
    tourisme = pieces_of(bundle, specialite=TOURISME)
    for piece_id in ("confirmation_inscription", "piece_identite"):
        assert tourisme[piece_id]["echeance"] == "2025-11-26"
        assert tourisme[piece_id]["heure"] == "22:00"
        assert tourisme[piece_id]["echeance_texte"] == "26 novembre 2025 à 22 h"
    # An apprentice in Tourisme: the apprentices' case comes first.
    apprentice = pieces_of(bundle, categorie="apprenti", specialite=TOURISME)
    assert apprentice["piece_identite"]["echeance_id"] == "depot_matin"
    assert apprentice["confirmation_inscription"]["echeance_id"] == "depot_tourisme"


def test_pieces_are_sorted_by_their_own_deadline_day_then_time(bundle):
    apprentice = checklist(bundle, {"categorie": "apprenti", "specialite": TOURISME})["pieces"]
    moments = [(p["echeance"], p.get("heure")) for p in apprentice]
    assert moments == sorted(moments, key=lambda m: (m[0], m[1] or "24:00"))
    ids = [p["id"] for p in apprentice]
    # 19 Nov 9:30 (identity), then 19 Nov 17:00 (the contract), then 26 Nov 22:00 (the confirmation).
    assert ids.index("piece_identite") < ids.index("contrat_apprentissage") < ids.index("confirmation_inscription")
    assert ids[-1] == "confirmation_inscription"


def test_the_class_matrix_takes_each_candidates_own_deadline(bundle):
    matrix = check_rows(["nom", "categorie", "specialite"], [["A", "scolaire", "aeronautique"], ["B", "scolaire", TOURISME]], bundle)
    first, second = matrix["candidats"]
    assert first["pieces"]["confirmation_inscription"] == "2025-11-19"
    assert second["pieces"]["confirmation_inscription"] == "2025-11-26"
    entry = next(p for p in second["checklist"] if p["id"] == "confirmation_inscription")
    assert entry["heure"] == "22:00"
    printed = checklists_html(matrix, bundle)
    assert "au plus tard le 19 novembre 2025 à 17 h</h2>" in printed
    assert "au plus tard le 26 novembre 2025 à 22 h</h2>" in printed


def test_the_calendar_has_timed_events_in_the_editions_zone(bundle):
    calendar = Calendar.from_ical(calendar_bytes(bundle))
    events = {str(e["uid"]).split("-")[0]: e for e in calendar.walk("VEVENT")}
    start = events["depot_pieces"]["dtstart"]
    assert start.params["TZID"] == "America/Martinique"
    assert start.dt == datetime.datetime(2025, 11, 19, 17, 0, tzinfo=zoneinfo.ZoneInfo("America/Martinique"))
    assert start.to_ical() == b"20251119T170000"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["America/Martinique"]
    # A deadline without a time stays an all-day event.
    assert events["engagement_etudiant"]["dtstart"].dt == datetime.date(2025, 12, 12)
    assert events["engagement_etudiant"]["dtend"].dt == datetime.date(2025, 12, 13)


def test_without_a_zone_the_times_are_those_of_paris(tmp_path):
    copy = edition_copy(tmp_path)
    _replace(copy / "edition.yaml", 'fuseau_horaire: "America/Martinique"\n', "")
    calendar = Calendar.from_ical(calendar_bytes(compiled(copy)))
    start = next(e for e in calendar.walk("VEVENT") if str(e["uid"]).startswith("depot_pieces"))["dtstart"]
    assert start.params["TZID"] == "Europe/Paris"
    assert start.dt.utcoffset() == datetime.timedelta(hours=1)


def test_the_real_edition_has_only_all_day_events():
    bundle = compiled(EDITION)
    calendar = Calendar.from_ical(calendar_bytes(bundle))
    assert not calendar.walk("VTIMEZONE")
    assert all(type(e["dtstart"].dt) is datetime.date for e in calendar.walk("VEVENT"))


def test_a_bad_time_is_refused_in_french(tmp_path):
    errors = errors_of(tmp_path, "calendrier", 'heure: "17:00"', 'heure: "25:00"')
    assert errors == [
        "calendrier.yaml:34:5: « 25:00 » ne respecte pas le format attendu "
        "(heure HH:MM entre guillemets, par exemple \"17:00\", à l'heure du fuseau de l'édition)"
    ]


def test_an_unknown_zone_is_refused_with_a_suggestion(tmp_path):
    errors = errors_of(tmp_path, "edition", '"America/Martinique"', '"Europe/Nante"')
    assert len(errors) == 1
    assert errors[0].startswith("edition.yaml:")
    assert errors[0].endswith("fuseau horaire « Europe/Nante » inconnu ; vouliez-vous dire « Europe/Paris » ?")
    typo = errors_of(tmp_path / "typo", "edition", '"America/Martinique"', '"America/Martiniqe"')
    assert typo[0].endswith("fuseau horaire « America/Martiniqe » inconnu ; vouliez-vous dire « America/Martinique » ?")
    nothing = errors_of(tmp_path / "rien", "edition", '"America/Martinique"', '"Xyz"')
    assert nothing[0].endswith("fuseau horaire « Xyz » inconnu")


def test_an_unknown_deadline_in_echeance_selon_is_refused(tmp_path):
    errors = errors_of(tmp_path, "pieces", "        echeance: depot_matin\n", "        echeance: depot_soir\n")
    assert len(errors) == 1
    assert ": échéance « depot_soir » introuvable ; aucun identifiant proche parmi les 4 définis (calendrier.yaml)" in errors[0]
    assert errors[0].startswith("pieces.yaml:")


def test_a_condition_of_echeance_selon_is_checked(tmp_path):
    errors = errors_of(
        tmp_path,
        "pieces",
        "          egal: apprenti\n        echeance: depot_matin\n",
        "          egal: apprentie\n        echeance: depot_matin\n",
    )
    assert len(errors) == 1
    assert "valeur « apprentie » impossible pour le champ « categorie »" in errors[0]


def pages(bundle):
    env = environment(build_context(bundle))
    return env, env.get_template("pieces.md.j2").render()


def test_the_pieces_page_says_when_a_deadline_depends_on_the_profile(bundle):
    env, page = pages(bundle)
    assert "## À déposer au plus tard le mercredi 19 novembre 2025 à 17 h {#avant-depot_pieces}" in page
    assert "## À déposer au plus tard le mercredi 26 novembre 2025 à 22 h {#avant-depot_tourisme}" in page
    decrire = env.globals["decrire"]
    apprentice, tourisme = (decrire({"champ": "categorie", "egal": "apprenti"}), decrire({"champ": "specialite", "egal": TOURISME}))
    lines = page.splitlines()
    detail = lines.index("## Pièce d'identité {#piece_identite}")
    assert lines[detail + 2 : detail + 6] == [
        "- **Date limite** : selon le profil :",
        f"    - [mercredi 19 novembre 2025 à 9 h 30](#avant-depot_matin) ({apprentice}) ;",
        f"    - sinon, [mercredi 26 novembre 2025 à 22 h](#avant-depot_tourisme) ({tourisme}) ;",
        "    - dans les autres cas, [mercredi 19 novembre 2025 à 17 h](#avant-depot_pieces).",
    ]
    assert (
        f"- [Pièce d'identité](#piece_identite) — à cette date selon le profil ({tourisme}) ; voir [sa date limite](#piece_identite)"
    ) in lines
    row = next(line for line in lines if line.startswith('<td class="bts-date"') and "depot_matin" in line)
    assert row == (
        '<td class="bts-date" data-colonne="Date limite"><a href="#avant-depot_matin">19 novembre 2025 à 9 h 30</a> ou '
        '<a href="#avant-depot_pieces">19 novembre 2025 à 17 h</a> ou '
        '<a href="#avant-depot_tourisme">26 novembre 2025 à 22 h</a> (selon le profil)</td>'
    )
    # A piece with one deadline keeps a single date, with its time.
    detail = next(i for i, line in enumerate(lines) if line.endswith("{#demande_engagement_etudiant}"))
    assert lines[detail + 2] == "- **Date limite** : [vendredi 12 décembre 2025](#avant-engagement_etudiant)"


def test_the_home_and_specialty_pages_show_the_times(bundle):
    env, _ = pages(bundle)
    home = env.get_template("accueil.md.j2").render(
        archive=False, precedente=None, changements=[], editions_du_site=[], vers_racine_site=""
    )
    assert '<span class="bts-echeance">mercredi 19 novembre 2025 à 17 h</span>' in home
    template = env.get_template("specialite.md.j2")
    specialite = next(s for s in bundle["specialites"]["specialites"] if s["id"] == TOURISME)
    page = template.render(specialite=specialite)
    assert (
        "[Pièce d'identité](../pieces/index.md#piece_identite), au plus tard le **19 novembre 2025 à 9 h 30** ou au plus tard le **26 novembre 2025 à 22 h** selon votre situation"
        in page
    )
    assert (
        "[Confirmation d'inscription datée et signée](../pieces/index.md#confirmation_inscription), au plus tard le **26 novembre 2025 à 22 h**"
        in page
    )
