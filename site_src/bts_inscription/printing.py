"""The printed checklists, one per candidate and per A4 page: what each sheet
says (for the command line's page and the class tool alike), the link and QR
code that open the candidate tool on the sheet's profile, and the command
line's HTML page."""

import datetime
import functools
import html
import json
from urllib.parse import quote, urldefrag

from bts_inscription.dates import date_fr, echeance_fr
from bts_inscription.regles import regles_for

_STYLE = """
body { font-family: system-ui, sans-serif; font-size: 11pt; margin: 2rem; color: #111; }
.candidat { break-after: page; page-break-after: always; }
.candidat:last-child { break-after: auto; }
.entete { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-start; justify-content: space-between; }
h1 { font-size: 15pt; margin: 0 0 .3rem; }
h2 { font-size: 12pt; margin: 1rem 0 .3rem; }
.mention { font-weight: 700; border: 2px solid #000; padding: .1rem .4rem; display: inline-block; margin: 0 0 .3rem; }
.classe { margin: 0 0 .3rem; }
.recapitulatif { border: 1px solid #000; padding: .3rem .6rem; margin: .3rem 0; }
.recapitulatif p { margin: 0; font-weight: 700; }
.recapitulatif dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 0 .8rem; margin: .2rem 0 0; }
.recapitulatif dt { font-weight: 700; }
.recapitulatif dd { margin: 0; overflow-wrap: anywhere; }
.code-qr { margin: 0; width: 32mm; text-align: center; font-size: 8pt; }
.code-qr img { width: 100%; height: auto; display: block; }
.tampon, .motif { font-size: 9pt; color: #333; }
li { margin: .3rem 0; }
@page { size: A4; margin: 15mm; }
"""

# French typography of the texts written here: a no-break space before « : »,
# a narrow one before « ; » (as typography.mjs and the build's pages do).
NBSP, NNBSP = "\u00a0", "\u202f"
# The characters encodeURIComponent leaves as they are (answers.mjs shareLink).
_URI_COMPONENT_SAFE = "-_.!~*'()"
# Each module of the printed QR code, in the SVG's units; its quiet zone, in modules
# (the class tool's page draws its codes alike: code-qr.mjs).
_QR_SCALE, _QR_BORDER = 4, 2


@functools.lru_cache(maxsize=4096)  # labels, motifs and dates repeat for every candidate
def _e(texte) -> str:
    return html.escape(str(texte))


def _nombre(valeur) -> str:
    return str(valeur).replace(".", ",")


def _choice_text(champ, valeur, profil) -> str:
    """A chosen value's label (an option's, among the specialty's options); a
    one-letter value keeps its letter: "A – Systèmes de production"."""
    if not isinstance(valeur, str):
        return str(valeur)
    item = champ.valeurs(profil).get(valeur) or champ.toutes_valeurs().get(valeur) or champ.hors_liste.get(valeur)
    libelle = item.get("libelle", valeur) if item else valeur
    return f"{valeur} – {libelle}" if len(valeur) == 1 and libelle != valeur else libelle


def _row_text(ligne, colonnes) -> str:
    """A table row: its first cell, « : », the second, then the others in
    brackets ("U3 : 12,5 (2025)")."""
    if not isinstance(ligne, dict):
        return str(ligne)
    cellules = [_nombre(ligne[c["id"]]) for c in colonnes if ligne.get(c["id"]) not in (None, "")]
    if len(cellules) < 2:
        return "".join(cellules)
    return f"{cellules[0]}{NBSP}: {cellules[1]}" + "".join(f" ({cellule})" for cellule in cellules[2:])


def answer_text(champ, valeur, profil, mots) -> str:
    """One answer as the sheet prints it; "" when there is nothing to print."""
    if valeur is None or valeur == "" or valeur == []:
        return ""
    if champ.type == "booleen":
        return mots["oui"] if valeur is True else mots["non"] if valeur is False else str(valeur)
    if isinstance(valeur, list):
        if champ.type == "tableau_notes":
            return f"{NNBSP}; ".join(filter(None, (_row_text(ligne, champ.colonnes) for ligne in valeur)))
        if champ.type == "liste_choix":
            return ", ".join(_choice_text(champ, v, profil) for v in valeur)
        return ", ".join(map(str, valeur))
    if champ.type == "choix":
        return _choice_text(champ, valeur, profil)
    return _nombre(valeur) if isinstance(valeur, float) else str(valeur)


def recap_lines(profil, regles) -> list:
    """[{champ, libelle, texte}]: each answered field of the profile, in profil.yaml's order."""
    mots = regles.bundle["profil"]["liste_classe"]["impression"]
    lignes = []
    for champ in regles.champs.values():
        texte = answer_text(champ, profil.get(champ.id), profil, mots) if champ.id in profil else ""
        if texte:
            lignes.append({"champ": champ.id, "libelle": champ.libelle, "texte": texte})
    return lignes


def candidate_sheet(candidat, matrice, libelles, recapitulatif=(), mention="") -> dict:
    """What one candidate's printed checklist says: title, stamps, the profile it
    was computed for, and the pieces grouped by deadline. No teacher-only
    message: a row in error only carries `mention` (and is printed on demand)."""
    groupes = []
    for piece in candidat["checklist"]:
        moment = piece["echeance"], piece.get("heure")
        if not groupes or groupes[-1]["moment"] != moment:
            texte = echeance_fr({"date": moment[0], "heure": moment[1]})
            # The deadline in the rules' words (calendrier.yaml's `formule`, "au plus tard le {date}").
            limite = matrice["formule"].replace("{date}", texte)
            groupes.append({"moment": moment, "titre": f"À déposer sur CYCLADES {limite}", "pieces": []})
        groupes[-1]["pieces"].append({"id": piece["id"], "libelle": libelles[piece["id"]], "motif": piece["motif"]})
    a_corriger = bool(candidat["erreurs"])
    return {
        "ligne": candidat["ligne"],
        "titre": f"{candidat['prenom']} {candidat['nom']}".strip() or f"Ligne {candidat['ligne']}",
        "tampon": f"Édition {matrice['edition']} des règles, empreinte {matrice['empreinte'][:12]} · ligne {candidat['ligne']} du fichier",
        "a_corriger": a_corriger,
        "mention": mention if a_corriger else "",
        "profil": candidat.get("profil", {}),
        "recapitulatif": list(recapitulatif),
        "groupes": [{"titre": g["titre"], "pieces": g["pieces"]} for g in groupes],
    }


def candidate_sheets(matrice, bundle) -> list:
    """Every candidate's sheet, error rows included (marked `a_corriger`): which
    ones to print is the printer's choice. A class has few distinct profiles:
    each one's recap is written once."""
    regles = regles_for(bundle)
    libelles = {piece["id"]: piece["libelle"] for piece in matrice["pieces"]}
    mention = bundle["profil"]["liste_classe"]["impression"]["a_corriger"]
    recaps, feuilles = {}, []
    for candidat in matrice["candidats"]:
        # The profile's fields only: a sheet's link never carries a name.
        profil = {cle: valeur for cle, valeur in candidat.get("profil", {}).items() if cle in regles.champs}
        cle = json.dumps(profil, sort_keys=True)
        if cle not in recaps:
            recaps[cle] = recap_lines(profil, regles)
        feuilles.append(candidate_sheet({**candidat, "profil": profil}, matrice, libelles, recaps[cle], mention))
    return feuilles


def printed_sheets(feuilles, avec_a_corriger=False) -> list:
    """The sheets to print: rows in error only when asked for."""
    return [feuille for feuille in feuilles if avec_a_corriger or not feuille["a_corriger"]]


def profil_link(adresse: str, profil: dict) -> str:
    """The candidate tool's address with the profile in its fragment, as the
    tool's share link writes it (answers.mjs shareLink)."""
    texte = json.dumps(profil, ensure_ascii=False, separators=(",", ":"))
    return f"{urldefrag(adresse).url}#profil={quote(texte, safe=_URI_COMPONENT_SAFE)}"


def qr_code(lien: str) -> str:
    """The link's QR code, an SVG image as a data: URI (segno, loaded here only).
    The command line's only: the class tool's page makes its own (code-qr.mjs)."""
    import segno

    return segno.make(lien, error="m", micro=False).svg_data_uri(scale=_QR_SCALE, border=_QR_BORDER)


def _recap_html(feuille) -> str:
    lignes = "".join(
        f'<div data-recap-champ="{_e(ligne["champ"])}"><dt>{_e(ligne["libelle"])}</dt><dd>{_e(ligne["texte"])}</dd></div>'
        for ligne in feuille["recapitulatif"]
    )
    return f'<div class="recapitulatif"><p>Liste calculée pour ces réponses{NBSP}:</p><dl>{lignes}</dl></div>'


def _sheet_html(feuille, contexte) -> str:
    mention = f'<p class="mention">{_e(feuille["mention"])}</p>' if feuille["mention"] else ""
    classe = " · ".join(f"{nom}{NBSP}: {_e(valeur)}" for nom, valeur in contexte["classe"] if valeur)
    code = ""
    if contexte["adresse"]:
        lien = profil_link(contexte["adresse"], feuille["profil"])
        if lien not in contexte["codes"]:  # one per distinct profile
            contexte["codes"][lien] = qr_code(lien)
        code = (
            f'<figure class="code-qr"><img src="{_e(contexte["codes"][lien])}" data-lien="{_e(lien)}"'
            ' alt="Code QR de l\'outil candidat ouvert sur ces réponses">'
            "<figcaption>Scannez pour retrouver ces réponses dans l'outil candidat</figcaption></figure>"
        )
    parties = [
        f'<section class="candidat" data-ligne="{feuille["ligne"]}"><div class="entete"><div>',
        f"{mention}<h1>{_e(feuille['titre'])}</h1>",
        f'<p class="classe">{classe}</p>' if classe else "",
        _recap_html(feuille),
        f"</div>{code}</div>",
    ]
    for groupe in feuille["groupes"]:
        parties.append(f"<h2>{_e(groupe['titre'])}</h2><ul>")
        parties += [
            f'<li data-piece="{_e(p["id"])}">☐ <strong>{_e(p["libelle"])}</strong><br><span class="motif">{_e(p["motif"])}</span></li>'
            for p in groupe["pieces"]
        ]
        parties.append("</ul>")
    parties.append(f'<p class="tampon">Imprimé le {contexte["date"]} · {_e(feuille["tampon"])}</p></section>')
    return "".join(parties)


def checklists_html(matrice, bundle, *, adresse=None, classe="", etablissement="", avec_a_corriger=False, aujourdhui=None) -> str:
    """The command line's checklists.html. `adresse`: the published candidate
    tool's absolute address, for the QR codes (none without it); rows in error
    only with `avec_a_corriger`, marked."""
    contexte = {
        "adresse": adresse,
        "classe": (("Classe", classe.strip()), ("Établissement", etablissement.strip())),
        "date": date_fr((aujourdhui or datetime.date.today()).isoformat()),
        "codes": {},
    }
    feuilles = printed_sheets(candidate_sheets(matrice, bundle), avec_a_corriger)
    pages = "\n".join(_sheet_html(feuille, contexte) for feuille in feuilles)
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Pièces justificatives par candidat – BTS, édition {_e(matrice['edition'])}</title>"
        f"<style>{_STYLE}</style></head><body>\n{pages}\n</body></html>\n"
    )
