"""French typography of every page: no-break spaces before « : ; ! ? », inside
« », between a number and its unit (build_tools/site/typography.py at build
time, site_src/widget/typography.mjs for what the tools render)."""

import re

import pytest

from build_tools.site.typography import NBSP, NNBSP, french_spacing, typeset

# A regular space (or a line break) where a no-break one belongs, or none at all.
SPACE_BEFORE = re.compile(r".{0,30}[ \n\t][:;!?»].{0,10}")
SPACE_AFTER_GUILLEMET = re.compile(r".{0,10}«[ \n\t].{0,30}")
MISSING_BEFORE = re.compile(r".{0,30}[^\W_)\]][:;!?](?=\s|$).{0,10}")
MISSING_INSIDE = re.compile(r".{0,10}(?:«[^\s\u00a0\u202f]|[^\s\u00a0\u202f]»).{0,10}")


# The page's text as Chromium shows it, code (left as written) replaced by a word.
SHOWN_TEXT = """() => {
    for (const code of document.querySelectorAll("pre, code, kbd, samp")) code.textContent = "code";
    return document.body.innerText;
}"""


def typography_faults(text: str) -> list:
    return [m.group(0) for pattern in (SPACE_BEFORE, SPACE_AFTER_GUILLEMET, MISSING_BEFORE, MISSING_INSIDE) for m in pattern.finditer(text)]


# ---------- the build's rule ----------


def test_a_regular_or_missing_space_becomes_a_no_break_one():
    assert french_spacing("Date limite : le 19 novembre ; voir ici ! Pourquoi ?") == (
        f"Date limite{NBSP}: le 19 novembre{NNBSP}; voir ici{NNBSP}! Pourquoi{NNBSP}?"
    )
    assert french_spacing("Règle: la note") == f"Règle{NBSP}: la note"
    assert french_spacing("l'état « inscrit » ou «pré-inscrit»") == f"l'état «{NBSP}inscrit{NBSP}» ou «{NBSP}pré-inscrit{NBSP}»"
    assert french_spacing("1 350 h de formation, 10 Mo") == f"1 350{NBSP}h de formation, 10{NBSP}Mo"


@pytest.mark.parametrize("text", ["à 17:00", "https://www.legifrance.gouv.fr/jorf/id/X?a=1&b=2", "ratio 1:2", "a;b", "2 heures"])
def test_times_urls_and_ratios_are_left_alone(text):
    assert french_spacing(text) == text


def test_only_the_text_of_the_page_changes():
    page = (
        '<p title="Note : voir" data-x="a : b"><a href="https://x.fr/?a=1&amp;b=2">Lien</a> : x &amp; y ; z</p>'
        "<pre>a : b</pre><code>x ; y</code><textarea>t ? u</textarea><script>a ? b : c;</script>"
        "<style>a:hover { b: c; }</style><!-- a : b -->"
    )
    expected = (
        f'<p title="Note{NBSP}: voir" data-x="a : b"><a href="https://x.fr/?a=1&amp;b=2">Lien</a>{NBSP}: x &amp; y{NNBSP}; z</p>'
        "<pre>a : b</pre><code>x ; y</code><textarea>t ? u</textarea><script>a ? b : c;</script>"
        "<style>a:hover { b: c; }</style><!-- a : b -->"
    )
    assert typeset(page) == expected


def test_the_text_around_an_inline_element_reads_as_one():
    assert typeset("<p>« <code>inscrit</code> »</p>") == f"<p>«{NBSP}<code>inscrit</code>{NBSP}»</p>"
    assert typeset("<p><strong>Date limite</strong>: le 19</p>") == f"<p><strong>Date limite</strong>{NBSP}: le 19</p>"
    assert typeset("<p>a</p><p>: x</p>") == "<p>a</p><p>: x</p>"  # not across blocks
    assert typeset("<p>a</p>") == "<p>a</p>"


def test_an_unchanged_text_keeps_its_entities():
    assert typeset("<p>l&#39;état &amp; x</p>") == "<p>l&#39;état &amp; x</p>"


# ---------- every page, as Chromium shows it ----------


def test_every_page_follows_french_typography(page, server, site_page):
    page.goto(f"{server}{site_page}")
    page.wait_for_load_state("load")
    faults = typography_faults(page.evaluate(SHOWN_TEXT))
    assert not faults, f"{site_page} :\n" + "\n".join(f"  {fault!r}" for fault in faults)


def test_the_candidate_tool_follows_french_typography_once_the_engine_has_answered(page, server):
    page.goto(f"{server}/outil/")
    page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=120_000)
    page.check("input[name=categorie][value=scolaire]")
    page.select_option("select[name=specialite]", "batiment")
    page.check("input[name=epreuves_facultatives][value=langue_vivante]")
    page.select_option("select[name=langue_facultative]", "portugais")
    page.wait_for_selector('[data-zone-erreur="langue_facultative"]:not([hidden])', timeout=30_000)
    page.wait_for_selector("#checklist[data-etat=pret]", state="attached", timeout=30_000)
    page.fill("[data-filtre-liste]", "électro")
    page.wait_for_function("document.querySelector('[role=status][id^=filtre-]').textContent !== ''")
    text = page.evaluate(SHOWN_TEXT)
    assert "Moteur prêt" in text and "portugais" in text
    faults = typography_faults(text)
    assert not faults, "\n".join(f"  {fault!r}" for fault in faults)
