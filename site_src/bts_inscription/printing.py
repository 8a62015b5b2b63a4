"""Per-candidate checklists as one printable HTML page (one candidate per A4 page)."""

import functools
import html

from bts_inscription.dates import echeance_fr

_STYLE = """
body { font-family: system-ui, sans-serif; font-size: 11pt; margin: 2rem; color: #111; }
.candidat { break-after: page; page-break-after: always; }
.candidat:last-child { break-after: auto; }
h1 { font-size: 15pt; margin: 0 0 .3rem; }
h2 { font-size: 12pt; margin: 1rem 0 .3rem; }
.tampon, .motif { font-size: 9pt; color: #333; }
.erreurs { color: #a00; }
li { margin: .3rem 0; }
@page { size: A4; margin: 15mm; }
"""


@functools.lru_cache(maxsize=4096)  # labels, motifs and dates repeat for every candidate
def _e(texte) -> str:
    return html.escape(str(texte))


def candidate_sheet(candidat, matrice, libelles) -> dict:
    """What one candidate's printed checklist says, for the command line's page and the
    class tool alike: title, stamp, errors, and the pieces grouped by deadline."""
    groupes = []
    for piece in candidat["checklist"]:
        moment = piece["echeance"], piece.get("heure")
        if not groupes or groupes[-1]["moment"] != moment:
            texte = echeance_fr({"date": moment[0], "heure": moment[1]})
            # The deadline in the rules' words (calendrier.yaml's `formule`, "au plus tard le {date}").
            limite = matrice["formule"].replace("{date}", texte)
            groupes.append({"moment": moment, "titre": f"À déposer sur CYCLADES {limite}", "pieces": []})
        groupes[-1]["pieces"].append({"id": piece["id"], "libelle": libelles[piece["id"]], "motif": piece["motif"]})
    return {
        "ligne": candidat["ligne"],
        "titre": f"{candidat['prenom']} {candidat['nom']}".strip() or f"Ligne {candidat['ligne']}",
        "tampon": f"Édition {matrice['edition']} des règles, empreinte {matrice['empreinte'][:12]} · ligne {candidat['ligne']} du fichier",
        "erreurs": [f"{e['champ']} : {e['message']}" for e in candidat["erreurs"]],
        "groupes": [{"titre": g["titre"], "pieces": g["pieces"]} for g in groupes],
    }


def candidate_sheets(matrice) -> list:
    libelles = {piece["id"]: piece["libelle"] for piece in matrice["pieces"]}
    return [candidate_sheet(candidat, matrice, libelles) for candidat in matrice["candidats"]]


def _sheet_html(feuille) -> str:
    parties = [
        f'<section class="candidat" data-ligne="{feuille["ligne"]}"><h1>{_e(feuille["titre"])}</h1>',
        f'<p class="tampon">{_e(feuille["tampon"])}</p>',
    ]
    if feuille["erreurs"]:
        parties.append('<div class="erreurs"><h2>Réponses à corriger</h2><ul>')
        parties += [f"<li>{_e(erreur)}</li>" for erreur in feuille["erreurs"]]
        parties.append("</ul></div>")
    for groupe in feuille["groupes"]:
        parties.append(f"<h2>{_e(groupe['titre'])}</h2><ul>")
        parties += [
            f'<li data-piece="{_e(p["id"])}">☐ <strong>{_e(p["libelle"])}</strong><br><span class="motif">{_e(p["motif"])}</span></li>'
            for p in groupe["pieces"]
        ]
        parties.append("</ul>")
    parties.append("</section>")
    return "".join(parties)


def checklists_html(matrice) -> str:
    pages = "\n".join(_sheet_html(feuille) for feuille in candidate_sheets(matrice))
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>Pièces justificatives par candidat – BTS, édition {_e(matrice['edition'])}</title>"
        f"<style>{_STYLE}</style></head><body>\n{pages}\n</body></html>\n"
    )
