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


def page_candidat(candidat, matrice, libelles) -> str:
    nom = f"{candidat['prenom']} {candidat['nom']}".strip() or f"Ligne {candidat['ligne']}"
    parties = [
        f'<section class="candidat" data-ligne="{candidat["ligne"]}"><h1>{_e(nom)}</h1>',
        f'<p class="tampon">Édition {_e(matrice["edition"])} des règles, empreinte {_e(matrice["empreinte"][:12])} · ligne {candidat["ligne"]} du fichier</p>',
    ]
    if candidat["erreurs"]:
        parties.append('<div class="erreurs"><h2>Réponses à corriger</h2><ul>')
        parties += [f"<li>{_e(e['champ'])} : {_e(e['message'])}</li>" for e in candidat["erreurs"]]
        parties.append("</ul></div>")
    echeance = None
    for piece in candidat["checklist"]:
        if (piece["echeance"], piece.get("heure")) != echeance:
            if echeance is not None:
                parties.append("</ul>")
            echeance = piece["echeance"], piece.get("heure")
            texte = echeance_fr({"date": echeance[0], "heure": echeance[1]})
            parties.append(f"<h2>À déposer sur CYCLADES au plus tard le {_e(texte)}</h2><ul>")
        parties.append(
            f'<li data-piece="{_e(piece["id"])}">☐ <strong>{_e(libelles[piece["id"]])}</strong>'
            f'<br><span class="motif">{_e(piece["motif"])}</span></li>'
        )
    if echeance is not None:
        parties.append("</ul>")
    parties.append("</section>")
    return "".join(parties)


def checklists_html(matrice) -> str:
    libelles = {piece["id"]: piece["libelle"] for piece in matrice["pieces"]}
    pages = "\n".join(page_candidat(candidat, matrice, libelles) for candidat in matrice["candidats"])
    return (
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>Pièces justificatives par candidat – BTS, édition {_e(matrice['edition'])}</title>"
        f"<style>{_STYLE}</style></head><body>\n{pages}\n</body></html>\n"
    )
