"""Render the pages that state rules, from Jinja templates and the bundle."""

import unicodedata
from pathlib import Path

import jinja2
from markupsafe import Markup

from build_tools.site import escaping
from build_tools.site.context import build_context, deadline_formula

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


# Letters a French dictionary spells out; the typographic apostrophe sorts as the straight one.
_SPELLED_OUT = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "\u2019": "'"})


def french_key(text: str) -> tuple:
    """Sort key of a label in French dictionary order: letters first, accents
    then, case last (« Économie » between « Diététique » and « Édition », not after « Z »)."""
    lowered = text.casefold().translate(_SPELLED_OUT)
    letters = "".join(c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c))
    return letters, unicodedata.normalize("NFC", lowered), text


@jinja2.pass_environment
def _french_sort(env, items, attribute=None):
    """Jinja's `sort`, in French order: `| tri_fr(attribute="libelle")`."""
    label = jinja2.filters.make_attrgetter(env, attribute) if attribute else (lambda item: item)
    return sorted(items, key=lambda item: french_key(str(label(item))))


def search_words(specialite: dict) -> str:
    """What a specialty is found by, in the form's filter and on the index page:
    its name, sigle and codes, and those of its options."""
    words = []
    for item in [specialite, *specialite.get("options", [])]:
        words += [item.get(key, "") for key in ("libelle", "sigle", "code_bcn", "code_rncp")]
    return " ".join(dict.fromkeys(word for word in words if word))


def _sources(regles):
    def render(references) -> Markup:
        parts = []
        for court, url, section in map(regles.citation, references):
            label = Markup('<a href="{}">{}</a>').format(escaping.url(url), escaping.text(court)) if url else escaping.text(court)
            parts.append(label + (Markup(", « {} »").format(escaping.text(section)) if section else ""))
        return Markup(" ; ").join(dict.fromkeys(parts))

    return render


def _deadline(bundle):
    """`limite(date)`: the rules' formula around a date the template wrote (kept
    as markup: the template may have put it in bold), the formula itself as text."""

    def render(date_texte) -> Markup:
        placeholder = "\x00"
        written = escaping.text(deadline_formula(bundle, placeholder))
        return Markup(written.replace(placeholder, escaping.text(date_texte)))

    return render


def environment(context) -> jinja2.Environment:
    """The templates' environment: every value a template writes is text
    (escaping.text), unless it is markup built on purpose (Markup: macros,
    `sources`, `tojson`, `lien`, `ancre`)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
        finalize=escaping.text,
    )
    env.filters["date_fr"] = context["date_fr"]
    env.filters["date_jour_fr"] = context["date_jour_fr"]
    env.filters["echeance_fr"] = context["echeance_fr"]
    env.filters["echeance_jour_fr"] = context["echeance_jour_fr"]
    env.filters["sources"] = _sources(context["regles"])
    env.filters["e"] = env.filters["escape"] = escaping.text
    env.filters["lien"] = escaping.url
    env.filters["ancre"] = escaping.anchor
    env.filters["tri_fr"] = _french_sort
    env.filters["mots_recherche"] = search_words
    env.globals.update(context)
    env.globals["limite"] = _deadline(context["bundle"])
    return env


def render_pages(bundle: dict, site: dict) -> list:
    """[(path, markdown)] for every generated page; `site` says where this
    edition sits in the site (archive or not, other editions, changes)."""
    context = {**build_context(bundle), **site}
    env = environment(context)

    def render(path, template, **values):
        try:
            return path, env.get_template(template).render(**values)
        except escaping.UnsafeValue as exc:
            raise escaping.UnsafeValue(f"{path} : {exc}") from exc

    pages = [render(path, template) for path, template in PAGES]
    for specialite in bundle["specialites"]["specialites"]:
        pages.append(render(f"specialites/{specialite['id']}.md", "specialite.md.j2", specialite=specialite))
    return pages
