"""Render the pages that state rules, from Jinja templates and the bundle."""

import html
from pathlib import Path

import jinja2

from build_tools.site.context import build_context

TEMPLATES = Path(__file__).parent / "templates"

# (page path in the site, template)
PAGES = [
    ("index.md", "accueil.md.j2"),
    ("pieces/index.md", "pieces.md.j2"),
    ("specialites/index.md", "specialites.md.j2"),
    ("cyclades/index.md", "cyclades.md.j2"),
    ("reglementation/index.md", "reglementation.md.j2"),
    ("fiche/index.md", "fiche.md.j2"),
    ("attestation/index.md", "attestation.md.j2"),
    ("contacts/index.md", "contacts.md.j2"),
    ("nouveautes/index.md", "nouveautes.md.j2"),
    ("publier/index.md", "publier.md.j2"),
    ("mentions-legales.md", "mentions-legales.md.j2"),
    ("outil/index.md", "outil.md.j2"),
    ("outil/classe/index.md", "classe.md.j2"),
]


def _sources(regles):
    def render(references) -> str:
        parts = []
        for court, url, section in map(regles.citation, references):
            label = f'<a href="{html.escape(url)}">{html.escape(court)}</a>' if url else html.escape(court)
            parts.append(label + (f", « {html.escape(section)} »" if section else ""))
        return " ; ".join(dict.fromkeys(parts))

    return render


def environment(context) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date_fr"] = context["date_fr"]
    env.filters["date_jour_fr"] = context["date_jour_fr"]
    env.filters["echeance_fr"] = context["echeance_fr"]
    env.filters["echeance_jour_fr"] = context["echeance_jour_fr"]
    env.filters["sources"] = _sources(context["regles"])
    env.filters["e"] = html.escape
    env.globals.update(context)
    return env


def render_pages(bundle: dict, site: dict) -> list:
    """[(path, markdown)] for every generated page; `site` says where this
    edition sits in the site (archive or not, other editions, changes)."""
    context = {**build_context(bundle), **site}
    env = environment(context)
    pages = [(path, env.get_template(template).render()) for path, template in PAGES]
    specialty = env.get_template("specialite.md.j2")
    for specialite in bundle["specialites"]["specialites"]:
        pages.append((f"specialites/{specialite['id']}.md", specialty.render(specialite=specialite)))
    return pages
