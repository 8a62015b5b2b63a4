"""What the page templates need, computed once from the bundle with the engine."""

import datetime
import itertools
import json
import math
import re
from collections import defaultdict

from markupsafe import Markup

from bts_inscription import limites
from bts_inscription.checklist import pieces_for
from bts_inscription.conditions import fields_read
from bts_inscription.dates import date_fr, date_jour_fr, days_left, echeance_fr, echeance_jour_fr, moment
from bts_inscription.editions import rules_root
from bts_inscription.enumeration import distinct_profils
from bts_inscription.regles import regles_for
from build_tools.messages import MESSAGES
from build_tools.site import escaping
from build_tools.site.describe import Describer
from build_tools.site.ics import calendar_name
from build_tools.site.precomputed import precompute
from build_tools.site.rule_files import describe_files
from build_tools.timezone import time_zone


def _reach(regles, profiles) -> dict:
    """For each group key, the set of piece ids some profile of the group reaches."""
    reached = defaultdict(set)
    for key, profile in profiles:
        reached[key].update(piece["id"] for piece in pieces_for(regles, profile))
    return reached


def _deadlines(regles, profiles):
    """echeances_piece(piece, specialite=None): the échéances a piece may have, in time
    order: its default and each case of `echeance_selon`, or those some candidate of the
    specialty gets."""
    by_specialty = defaultdict(set)
    specialite_id = regles.champs.organisant_les_pages()[0]
    selon = [piece["id"] for piece in regles.pieces if piece.get("echeance_selon")]
    for profile in profiles if selon else ():
        for piece in pieces_for(regles, profile):
            if piece["id"] in selon:
                by_specialty[(profile[specialite_id], piece["id"])].add(piece["echeance_id"])

    def echeances_piece(piece, specialite=None) -> list:
        ids = [piece["echeance"]] + [cas["echeance"] for cas in piece.get("echeance_selon", [])]
        if specialite is not None and piece.get("echeance_selon"):
            ids = [i for i in ids if i in by_specialty[(specialite, piece["id"])]] or ids[:1]
        return sorted((regles.echeances[i] for i in dict.fromkeys(ids)), key=moment)

    return echeances_piece


def build_context(bundle: dict) -> dict:
    regles = regles_for(bundle)
    profiles = distinct_profils(bundle)
    # A track is (specialty, option or None, category): the site's pages and tables.
    specialite, *dependants = regles.champs.organisant_les_pages()
    categorie = regles.champs.organisant_les_colonnes()[0]
    option = dependants[0] if dependants else None

    def track(p):
        return p[specialite], p.get(option), p[categorie]

    by_category = _reach(regles, ((p[categorie], p) for p in profiles))
    by_track = _reach(regles, ((track(p), p) for p in profiles))
    # The pieces a candidate of a track needs whatever their choices.
    minimal = {}
    for key in by_track:
        base = {specialite: key[0], categorie: key[2], **({option: key[1]} if key[1] else {})}
        minimal[key] = {p["id"] for p in pieces_for(regles, base)}
    categories_of_piece = {piece["id"]: [c for c in regles.categories if piece["id"] in by_category[c]] for piece in regles.pieces}
    campagne = campaign_data(bundle)
    return {
        "donnees_outil": tool_data(bundle, regles, campagne),
        "donnees_campagne": campagne,
        # A deadline as every page writes it: the rules' formula around a date already written.
        "limite": lambda date_texte: deadline_formula(bundle, date_texte),
        "bundle": bundle,
        # The bounds of a class file (bts_inscription.limites), for the class tool's page.
        "limites_classe": {nom.lower(): valeur for nom, valeur in vars(limites).items() if nom.isupper()},
        "regles": regles,
        "edition": bundle["edition"],
        "identite": bundle["identite"],
        "genere_le": bundle["genere_le"],
        "empreinte": bundle["empreinte"],
        "categories_of_piece": categories_of_piece,
        "pieces_of_track": by_track,
        "minimal_pieces_of_track": minimal,
        "decrire": Describer(regles),
        # How the pages name the field that refines a specialty (« option »).
        "mot_option": regles.champs[option].libelle.lower() if option else "",
        "depend_specialite": lambda node: bool(fields_read(node) & set(regles.champs.organisant_les_pages())),
        "mention_a_verifier": unverified_mark(bundle, regles),
        "calendrier_fichier": calendar_name(bundle),
        "messages_validation": validation_messages(),
        # The staff guide's table of the edition's files, read when the guide is written.
        "fichiers_regles": lambda: describe_files(rules_root() / bundle["edition"]),
        "date_fr": date_fr,
        "date_jour_fr": date_jour_fr,
        "echeance_fr": echeance_fr,
        "echeance_jour_fr": echeance_jour_fr,
        "echeances_piece": _deadlines(regles, profiles),
        "jours_restants": days_left,
        "aujourdhui": datetime.date.today(),
    }


def deadline_formula(bundle: dict, date_texte: str) -> str:
    """The rules' `formule` (calendrier.yaml) around a date written in words."""
    return bundle["calendrier"]["formule"].replace("{date}", date_texte)


def campaign_data(bundle: dict) -> dict:
    """What the browser needs to say, from today's date, where the campaign stands
    (campagne.mjs, echeances.mjs): the rules' wording, the session filled in, and
    the deadlines in time order."""
    calendrier = bundle["calendrier"]
    sessions = {"{session}": str(bundle["session"]), "{session_suivante}": str(bundle["session"] + 1)}

    def fill(texte):
        for placeholder, value in sessions.items():
            texte = texte.replace(placeholder, value)
        return texte

    textes = calendrier["campagne"]
    return {
        "session": bundle["session"],
        "fuseau": time_zone(bundle["identite"]),
        "formule": calendrier["formule"],
        "delai": {key: value for key, value in calendrier["delai"].items() if key != "source"},
        "titre": fill(textes["titre"]),
        "fin": {key: fill(textes[f"terminee_{key}"]) for key in ("titre", "texte", "conseil")},
        "echeances": [
            {"id": e["id"], "date": e["date"], **({"heure": e["heure"]} if "heure" in e else {}), "texte": echeance_fr(e)}
            for e in sorted(calendrier["echeances"], key=moment)
        ],
    }


def tool_data(bundle: dict, regles, campagne: dict) -> dict:
    """What the candidate tool's script needs beyond the generated form."""
    return {
        # The deadlines' wording and the campaign's state (campaign_data).
        "campagne": campagne,
        "champs": [
            {
                "id": champ.id,
                "type": champ.type,
                "libelle": champ.libelle,
                "selon": champ.selon,
                "defaut": champ.defaut,
                "fixes": list(champ.valeurs({})),
                "selon_seulement": champ.selon_seulement,
                # Every value the form can show: offered, or withdrawn (the engine says why).
                "valeurs": {
                    **{k: v.get("libelle", k) for k, v in champ.toutes_valeurs().items()},
                    **{k: champ.hors_liste.get(k, {}).get("libelle", k) for k in champ.retirees},
                },
                # The labels of the values that belong to another answer (each specialty's options).
                "valeurs_selon": {
                    choisi: propres
                    for selon in champ.selon[:1]
                    for choisi in regles.champs[selon].toutes_valeurs()
                    if (
                        propres := {k: v.get("libelle", k) for k, v in champ.valeurs({selon: choisi}).items() if k not in champ.valeurs({})}
                    )
                },
                "colonnes": [{"id": c["id"], "type": c["type"]} for c in champ.colonnes],
            }
            for champ in regles.champs.values()
        ],
        "visibilite": visibility_table(regles),
        # The fiche, with the profile field its `categories` refer to.
        "fiche": {**bundle["fiche"], "champ_categorie": regles.champs.organisant_les_colonnes()[0]},
        "consignes": [c["texte"] for c in regles.consignes],
        # The engine's answers for the profiles the form gives with its choices (precomputed.py).
        "precalcul": precompute(bundle),
    }


# Above this many combinations of answers, a question's visibility is left to the engine alone.
VISIBILITE_MAX = 5000


def _answers(champ):
    """Every answer of a field the visibility table enumerates (None: not answered), or None if too many."""
    if champ.type == "booleen":
        return [None, False, True]
    if champ.type == "choix":
        return [None, *champ.toutes_valeurs()]
    if champ.type == "liste_choix":
        valeurs = sorted(champ.toutes_valeurs())
        maximum = champ.description.get("maximum", len(valeurs))
        return [list(c) for n in range(maximum + 1) for c in itertools.combinations(valeurs, n)]
    return None


def visibility_key(values) -> str:
    """The key of a combination of answers, as the page writes it (JSON.stringify of the
    answers in `lus` order, null when not answered, lists sorted)."""
    return json.dumps([sorted(v) if isinstance(v, list) else v for v in values], ensure_ascii=False, separators=(",", ":"))


def visibility_table(regles) -> dict:
    """{field: {"lus": [fields its visible_si reads], "vrai": [keys where it is asked], "faux": [where not]}},
    computed by the engine's own compiled conditions, so that the page shows the right
    questions before the engine has started (the engine's answer then takes over)."""
    tables = {}
    for champ in regles.champs.values():
        if champ.visible_si is None:
            continue
        lus = sorted(champ.lus)
        domaines = [_answers(regles.champs[lu]) for lu in lus]
        if any(d is None for d in domaines) or math.prod(len(d) for d in domaines) > VISIBILITE_MAX:
            continue
        vrai, faux = [], []
        for combo in itertools.product(*domaines):
            asked = champ.visible_si({lu: v for lu, v in zip(lus, combo) if v is not None}) is not None
            (vrai if asked else faux).append(visibility_key(combo))
        tables[champ.id] = {"lus": lus, "vrai": vrai, "faux": faux}
    return tables


def unverified_mark(bundle, regles):
    """The rules' phrase for a value taken from an older text, both texts named by their short title."""

    def mention(marque) -> str:
        texte = bundle["specialites"].get("mention_a_verifier", "")
        for cle in ("texte", "verifier_dans"):
            if cle in marque:
                texte = texte.replace("{" + cle + "}", regles.citation({"texte": marque[cle]})[0])
        return texte

    return mention


def validation_messages() -> list:
    """The validator's messages for the staff guide (a Markdown table), placeholders in italics."""

    def part(piece):
        if piece in ("{{", "}}"):
            return escaping.text(piece[0])
        if re.fullmatch(r"\{\w+\}", piece):
            return Markup("<em>{}</em>").format(piece[1:-1])
        return escaping.text(piece)

    def cell(modele):
        return Markup("").join(part(piece) for piece in re.split(r"(\{\{|\}\}|\{\w+\})", modele) if piece)

    return [{"code": code, "modele": cell(m.modele), "correction": cell(m.correction)} for code, m in MESSAGES.items()]
