"""What the page templates need, computed once from the bundle with the engine."""

import datetime
from collections import defaultdict

from bts_inscription.checklist import pieces_pour
from bts_inscription.dates import date_fr, date_jour_fr, jours_restants
from bts_inscription.enumeration import profils_distincts
from bts_inscription.regles import regles_pour
from build_tools.site.describe import Describer
from build_tools.messages import MESSAGES
from build_tools.site.ics import calendar_name


def _reach(regles, profiles) -> dict:
    """For each group key, the set of piece ids some profile of the group reaches."""
    reached = defaultdict(set)
    for key, profile in profiles:
        reached[key].update(piece["id"] for piece in pieces_pour(regles, profile))
    return reached


def build_context(bundle: dict) -> dict:
    regles = regles_pour(bundle)
    profiles = profils_distincts(bundle)
    by_category = _reach(regles, ((p["categorie"], p) for p in profiles))
    by_track = _reach(regles, (((p["specialite"], p.get("option"), p["categorie"]), p) for p in profiles))
    # The pieces a candidate of a track needs whatever their choices.
    minimal = {}
    for (specialite, option, categorie) in by_track:
        base = {"categorie": categorie, "specialite": specialite}
        if option:
            base["option"] = option
        minimal[(specialite, option, categorie)] = {p["id"] for p in pieces_pour(regles, base)}
    categories_of_piece = {
        piece["id"]: [c for c in regles.categories if piece["id"] in by_category[c]] for piece in regles.pieces
    }
    return {
        "donnees_outil": tool_data(bundle, regles),
        "bundle": bundle,
        "regles": regles,
        "edition": bundle["edition"],
        "identite": bundle["identite"],
        "genere_le": bundle["genere_le"],
        "empreinte": bundle["empreinte"],
        "categories_of_piece": categories_of_piece,
        "pieces_of_track": by_track,
        "minimal_pieces_of_track": minimal,
        "decrire": Describer(regles),
        "calendrier_fichier": calendar_name(bundle),
        "messages_validation": validation_messages(),
        "date_fr": date_fr,
        "date_jour_fr": date_jour_fr,
        "jours_restants": jours_restants,
        "aujourdhui": datetime.date.today(),
    }


def tool_data(bundle: dict, regles) -> dict:
    """What the candidate tool's script needs beyond the generated form."""
    exams = {}
    for specialite in regles.specialites:
        exams.update({k: v["libelle"] for k, v in regles.epreuves_facultatives(specialite).items()})
    return {
        "options": {s["id"]: [{"id": o["id"], "libelle": o["libelle"]} for o in s.get("options", [])]
                    for s in regles.specialites.values()},
        "libelles": {
            "categorie": {k: v["libelle"] for k, v in regles.categories.items()},
            "specialite": {k: v["libelle"] for k, v in regles.specialites.items()},
            "forme": {k: v["libelle"] for k, v in regles.formes.items()},
            "langue": {k: v["libelle"] for k, v in regles.langues.items()},
            "epreuve": exams,
        },
        "langue_requise_si": regles.champs["langue_facultative"]["requis_si"],
        "fiche": bundle["fiche"],
        "consignes": [c["texte"] for c in regles.consignes],
    }


def validation_messages() -> list:
    """The validator's messages for the staff guide, placeholders in italics."""
    import html
    import re

    def cell(text):
        text = html.escape(text).replace("|", "\\|")
        return re.sub(r"\{(\w+)\}", r"<em>\1</em>", text.replace("{{", "{").replace("}}", "}"))

    return [{"code": code, "modele": cell(m.modele), "correction": cell(m.correction)} for code, m in MESSAGES.items()]
