"""Reflow at 320 px (RGAA 10.11), visible keyboard focus (10.7), text spacing
(10.12) and 200 % zoom (10.4), on every page and in the tools' states.

Written against what the pages contain (every page, every focusable control,
every text box), not against today's markup."""

import re
import struct
import zlib

import pytest

from tests.test_classe import FIXTURE

PHONE = {"width": 320, "height": 800}
READY = "#checklist[data-etat=pret]"
CLASS_RESULT = "#resultat-classe"

# A long word and a long address with nothing to break them, typed in every text box of the fiche.
LONG_TEXT = "Établissement-Saint-Jean-Baptiste-de-la-Salle-et-de-Toutes-les-Sections-Réunies https://exemple.fr/un/chemin/tres/long/sans/espace?avec=des&parametres=longs"
LONG_EMAIL = "prenom.nom-de-famille-particulierement-long@une-adresse-de-domaine-tres-longue.fr"

# The page's horizontal overflow and, when there is one, the elements that pass
# the viewport's edge (not those inside a scrolling box), those that stick out of
# their parent first, furthest first.
OVERFLOW = """() => {
  const root = document.documentElement;
  const width = root.clientWidth;
  const result = {scrollWidth: root.scrollWidth, clientWidth: width, widest: []};
  if (root.scrollWidth <= width) return result;
  // Inside a scrolling box, unless positioned out of it (its containing block is then outside the box).
  const scrolls = (e) => { if (['absolute', 'fixed'].includes(getComputedStyle(e).position)) return false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const rect = e.getBoundingClientRect(), margin = Math.max(0, parseFloat(getComputedStyle(e).marginRight) || 0);
    const box = {left: rect.left, width: rect.width, right: rect.right + margin};  // a margin widens the page too
    if (box.width === 0 || box.right <= width + 0.5 || scrolls(e)) continue;
    const classes = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
    wide.push({what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + classes, sticksOut: box.right > e.parentElement.getBoundingClientRect().right + 0.5,
               left: Math.round(box.left), right: Math.round(box.right), width: Math.round(box.width)});
  }
  const culprits = wide.filter((e) => e.sticksOut);  // wider than their parent: the cause, more often than not
  result.widest = (culprits.length ? culprits : wide).sort((a, b) => b.right - a.right).slice(0, 10);
  return result;
}"""


def assert_no_horizontal_scroll(page, state):
    measure = page.evaluate(OVERFLOW)
    assert measure["scrollWidth"] <= measure["clientWidth"], (
        f"{state} : la page fait {measure['scrollWidth']} px de large pour {measure['clientWidth']} px d'écran ; "
        "éléments qui dépassent :\n"
        + "\n".join(f"  {e['what']} ({e['width']} px, de {e['left']} à {e['right']})" for e in measure["widest"])
    )


def settle(page):
    """Wait until the checklist shows the engine's answer to the form as it stands."""
    page.wait_for_timeout(50)
    page.wait_for_selector(READY, state="attached", timeout=30_000)


def open_tool(page, server):
    page.goto(f"{server}/outil/")
    page.wait_for_selector(READY, state="attached", timeout=120_000)


def fill_row(row, index):
    """Fills one row of a table of marks, cell by cell, by the column's type."""
    for cell in row.locator("input").all():
        kind = cell.get_attribute("data-type")
        if kind == "unite":
            cell.fill(f"U{index + 2}")
        elif kind == "entier":
            cell.fill(cell.get_attribute("max") or "")
        else:
            cell.fill("12,5")


def fill_fiche(page):
    """Every shown box of the fiche: long words and addresses in the texts, the last (longest) choice in the lists."""
    for control in page.locator("form#fiche input:visible, form#fiche textarea:visible, form#fiche select:visible").all():
        kind = control.evaluate("e => e.type")
        numeric = control.get_attribute("inputmode") == "numeric"
        if kind == "select-one":
            control.select_option(index=control.locator("option").count() - 1)
        elif kind == "radio":
            control.check()
        elif kind == "date":
            control.fill("2005-06-15")
        elif kind == "email":
            control.fill(LONG_EMAIL)
        elif kind == "tel" or numeric:
            control.fill("0612345678")
        elif kind in ("text", "textarea"):
            control.fill(LONG_TEXT)


def specialite_with_options(page) -> str:
    """A specialty that has options: the first that an option of the page's HTML depends on (the tool then filters them)."""
    html = page.request.get(page.url).text()
    options = re.search(r'<select[^>]* name="option".*?</select>', html, re.S).group(0)
    return re.search(r'data-selon="([^"]+)"', options).group(1)


def fill_tool(page):
    """A scolaire candidate of a specialty with options, a dispense, two bénéfices, the fiche filled."""
    page.check("input[name=categorie][value=scolaire]")
    specialite = specialite_with_options(page)
    page.select_option("select[name=specialite]", specialite)
    option = page.wait_for_selector("select[name=option]", state="visible")
    option.select_option(index=1)
    page.locator("[data-type=liste_unites]:visible input").first.fill("U1")
    rows = page.locator("[data-type=tableau_notes] [data-ligne]")
    for index in range(2):
        fill_row(rows.nth(index), index)
    fill_fiche(page)
    settle(page)


def show_a_mark_error(page):
    """An impossible mark in the first bénéfice, then leave the field: its error shows."""
    mark = page.locator("[data-type=tableau_notes] [data-ligne] input:not([data-type=unite]):not([data-type=entier])").first
    mark.fill("25")
    mark.press("Tab")
    settle(page)
    page.wait_for_selector("form#profil [data-zone-erreur]:not([hidden])", timeout=30_000)


def open_class_tool_with_a_file(page, server):
    page.goto(f"{server}/outil/classe/")
    page.wait_for_function("() => document.getElementById('statut').textContent.startsWith('Moteur prêt')", timeout=120_000)
    page.set_input_files("#fichier-classe", str(FIXTURE))
    page.wait_for_selector(f"{CLASS_RESULT}[data-etat=pret]", state="attached", timeout=120_000)


# ---------- reflow (RGAA 10.11) ----------


def test_no_page_scrolls_sideways_at_320_px(page, server, site_page):
    page.set_viewport_size(PHONE)
    page.goto(f"{server}{site_page}")
    page.wait_for_load_state("load")
    assert_no_horizontal_scroll(page, site_page)


def test_candidate_tool_fits_320_px_in_every_state(page, server):
    page.set_viewport_size(PHONE)
    open_tool(page, server)
    assert_no_horizontal_scroll(page, "outil vide")
    fill_tool(page)
    assert_no_horizontal_scroll(page, "outil rempli")
    show_a_mark_error(page)
    assert_no_horizontal_scroll(page, "outil avec erreurs")
    page.emulate_media(media="print")
    assert_no_horizontal_scroll(page, "aperçu avant impression")


def test_class_tool_fits_320_px_with_a_class_file(page, server):
    page.set_viewport_size(PHONE)
    open_class_tool_with_a_file(page, server)
    assert_no_horizontal_scroll(page, "outil classe, fichier importé")


def test_benefices_are_cards_on_a_phone_and_their_inputs_keep_their_names(page, server):
    page.set_viewport_size(PHONE)
    open_tool(page, server)
    table = page.locator("[data-type=tableau_notes] table")
    cells = table.locator("[data-ligne] td")
    assert table.locator("thead").is_hidden()
    for index in range(cells.count()):
        cell = cells.nth(index)
        shown = cell.evaluate("e => getComputedStyle(e, '::before').content")
        assert cell.get_attribute("data-colonne") in shown, f"cellule {index} : son en-tête de colonne n'est pas affiché"
        assert cell.locator("input").get_attribute("aria-label")
    for row in table.locator("[data-ligne]").all():
        boxes = [cell.bounding_box() for cell in row.locator("td").all()]
        assert len({round(box["x"]) for box in boxes}) == 1, "les cellules d'une carte sont les unes sous les autres"
        assert [box["y"] for box in boxes] == sorted(box["y"] for box in boxes)


def test_a_decimal_comma_mark_is_kept_as_typed(page, server):
    open_tool(page, server)
    mark = page.locator("[data-type=tableau_notes] input[inputmode=decimal]").first
    assert mark.get_attribute("type") == "text" and mark.get_attribute("data-cle")
    mark.fill("12,5")
    assert mark.input_value() == "12,5"


# ---------- keyboard focus (RGAA 10.7) ----------

# Every focusable control that is shown (and not pushed off-screen, as the closed
# navigation drawer is): [{path, name}]. The path (ids and positions) finds the
# control again after the tool has re-rendered its part of the page.
FOCUSABLE = """() => {
  const selector = 'a[href], button, input, select, textarea, [tabindex]';
  const width = document.documentElement.scrollWidth;
  const seen = (x) => x.checkVisibility({checkVisibilityCSS: true, checkOpacity: true});
  const path = (e) => {
    const steps = [];
    for (; e && e !== document.body; e = e.parentElement) {
      if (e.id) { steps.unshift('#' + CSS.escape(e.id)); return steps.join(' > '); }
      steps.unshift(`${e.tagName.toLowerCase()}:nth-of-type(${[...e.parentElement.children].filter((s) => s.tagName === e.tagName).indexOf(e) + 1})`);
    }
    return 'body > ' + steps.join(' > ');
  };
  const found = [];
  for (const e of document.querySelectorAll(selector)) {
    if (e.disabled || e.tabIndex < 0 || e.type === 'hidden' || e.closest('[inert]')) continue;
    const showsOnFocus = e.checkVisibility({checkVisibilityCSS: true}) && getComputedStyle(e).opacity === '0' && seen(e.parentElement);  // a skip link
    if (!seen(e) && !showsOnFocus) continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || box.right + scrollX <= 0 || box.left + scrollX >= width) continue;
    const name = (e.getAttribute('aria-label') || e.labels?.[0]?.textContent || e.textContent || e.value || '').trim().slice(0, 50);
    found.push({path: path(e), name: `${e.tagName.toLowerCase()}${e.type && e.tagName !== 'BUTTON' ? '[' + e.type + ']' : ''}` +
                `${e.id ? '#' + e.id : ''}${e.name ? '[name=' + e.name + ']' : ''} « ${name.replace(/\\s+/g, ' ')} »`});
  }
  return found;
}"""

# Scrolls the control to the middle of the screen and gives the area around it
# (around its label when the control itself is visually hidden); null when the
# page has since hidden it.
AREA = """async (path) => {
  const control = document.querySelector(path);
  if (!control || !control.checkVisibility()) return null;
  control.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  if (!control.checkVisibility({checkVisibilityCSS: true})) return null;  // Material's « back to top » hides on scrolling down
  let boxes = [control.getBoundingClientRect()];
  if (boxes[0].width < 4 || boxes[0].height < 4) boxes = [...(control.labels || [])].map((l) => l.getBoundingClientRect());
  const left = Math.min(...boxes.map((b) => b.left)), top = Math.min(...boxes.map((b) => b.top));
  const right = Math.max(...boxes.map((b) => b.right)), bottom = Math.max(...boxes.map((b) => b.bottom));
  const margin = 8, view = document.documentElement;
  const x = Math.max(0, left - margin), y = Math.max(0, top - margin);
  return {x, y, width: Math.min(view.clientWidth, right + margin) - x, height: Math.min(innerHeight, bottom + margin) - y,
          perimeter: 2 * ((right - left) + (bottom - top))};
}"""


def png_pixels(data: bytes) -> list:
    """The RGB pixels of a PNG as Chromium writes it (8 bits, RGB or RGBA, not interlaced), row after row."""
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    assert depth == 8 and colour in (2, 6), "PNG inattendu"
    channels = 3 if colour == 2 else 4
    raw, position = b"", 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        if kind == b"IDAT":
            raw += data[position + 8 : position + 8 + length]
        position += 12 + length
    raw = zlib.decompress(raw)
    stride = width * channels
    previous, pixels = bytearray(stride), []
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + near[2]) & 255
        pixels += [tuple(line[i : i + 3]) for i in range(0, stride, channels)]
        previous = line
    return pixels


def luminance(rgb) -> float:
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrasted_changes(before: bytes, after: bytes) -> int:
    """How many pixels changed with a contrast of at least 3:1 between their two colours."""
    count = 0
    for old, new in zip(png_pixels(before), png_pixels(after)):
        if old != new:
            light, dark = sorted((luminance(old), luminance(new)), reverse=True)
            count += (light + 0.05) / (dark + 0.05) >= 3
    return count


def controls_without_visible_focus(page) -> tuple:
    """(controls, those whose keyboard focus does not change, at 3:1, at least their perimeter's worth of pixels)."""
    controls = page.evaluate(FOCUSABLE)
    missing = []
    for control in controls:
        page.evaluate("document.activeElement && document.activeElement.blur()")
        area = page.evaluate(AREA, control["path"])
        if area is None:
            continue
        clip = {key: area[key] for key in ("x", "y", "width", "height")}
        before = page.screenshot(clip=clip, animations="disabled")
        page.keyboard.press("Shift")  # the last input is the keyboard's: focus() then matches :focus-visible
        page.evaluate("path => document.querySelector(path).focus({preventScroll: true})", control["path"])
        after = page.screenshot(clip=clip, animations="disabled")
        changed = contrasted_changes(before, after)
        if changed < area["perimeter"]:
            missing.append(f"  {control['name']} : {changed} pixels changés à 3:1, {round(area['perimeter'])} attendus")
    return [control["name"] for control in controls], missing


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["telephone", "ordinateur"])
def test_every_control_of_the_candidate_tool_shows_its_keyboard_focus(page, server, viewport):
    page.set_viewport_size(viewport)
    open_tool(page, server)
    fill_tool(page)
    show_a_mark_error(page)
    controls, missing = controls_without_visible_focus(page)
    assert len(controls) > 40
    assert not missing, f"Focus clavier invisible ({len(missing)} sur {len(controls)}) :\n" + "\n".join(missing)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}], ids=["telephone", "ordinateur"])
def test_every_control_of_the_class_tool_shows_its_keyboard_focus(page, server, viewport):
    page.set_viewport_size(viewport)
    open_class_tool_with_a_file(page, server)
    controls, missing = controls_without_visible_focus(page)
    assert any("#fichier-classe" in name for name in controls) and any("#bouton-export" in name for name in controls)
    assert not missing, f"Focus clavier invisible ({len(missing)} sur {len(controls)}) :\n" + "\n".join(missing)


# Whether the focused element (or, for a visually hidden one, its label) is shown on the screen.
FOCUS_ON_SCREEN = """() => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return null;
  let box = focused.getBoundingClientRect();
  if ((box.width < 4 || box.height < 4) && focused.labels?.length) box = focused.labels[0].getBoundingClientRect();
  const shown = focused.checkVisibility({checkVisibilityCSS: true}) && box.width > 0 && box.height > 0
    && box.right > 0 && box.bottom > 0 && box.left < innerWidth && box.top < innerHeight;
  return shown ? '' : `${focused.tagName.toLowerCase()}${focused.id ? '#' + focused.id : ''}.${focused.className} « ${(focused.textContent || '').trim().slice(0, 40)} »`;
}"""


@pytest.mark.parametrize("path", ["/pieces/", "/outil/"])
def test_tabbing_never_focuses_something_off_screen(page, server, path):
    page.set_viewport_size(PHONE)
    if path == "/outil/":
        open_tool(page, server)
    else:
        page.goto(f"{server}{path}")
    off_screen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        found = page.evaluate(FOCUS_ON_SCREEN)
        if found:
            off_screen.append(f"  {found}")
    assert not off_screen, f"{path} : le focus clavier va sur des éléments hors de l'écran :\n" + "\n".join(off_screen)


def test_a_focused_invalid_field_looks_different_and_stays_red(page, server):
    open_tool(page, server)
    fill_tool(page)
    show_a_mark_error(page)
    invalid = page.locator("form#profil [aria-invalid=true]").first
    invalid.scroll_into_view_if_needed()
    page.evaluate("document.activeElement && document.activeElement.blur()")
    box = invalid.bounding_box()
    clip = {"x": box["x"] - 8, "y": box["y"] - 8, "width": box["width"] + 16, "height": box["height"] + 16}
    unfocused = page.screenshot(clip=clip, animations="disabled")
    page.keyboard.press("Shift")
    invalid.focus()
    focused = page.screenshot(clip=clip, animations="disabled")
    assert contrasted_changes(unfocused, focused) >= 2 * (box["width"] + box["height"])
    assert invalid.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(176, 0, 32)"


# ---------- text spacing (RGAA 10.12) ----------

TEXT_SPACING = (
    "* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }"
    " p { margin-bottom: 2em !important; }"
)

# A constructed style sheet: the site's CSP refuses inline <style>.
ADD_STYLE = """(css) => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }"""

# Shown boxes with text whose overflow is hidden and that have more text than room.
CLIPPED = """() => {
  const hides = (value) => value === 'hidden' || value === 'clip';
  const clipped = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (!e.checkVisibility({checkVisibilityCSS: true}) || !e.innerText?.trim()) continue;
    const box = e.getBoundingClientRect();
    if (box.right + scrollX <= 0 || box.left + scrollX >= document.documentElement.scrollWidth) continue;  // the closed drawer
    const style = getComputedStyle(e);
    if (e.clientWidth <= 1 || e.clientHeight <= 1 || style.clip !== 'auto' || style.clipPath !== 'none') continue;  // visually hidden on purpose
    const high = hides(style.overflowY) && e.scrollHeight > e.clientHeight + 1;
    const wide = (hides(style.overflowX) || style.textOverflow === 'ellipsis') && e.scrollWidth > e.clientWidth + 1;
    if (high || wide) {
      const classes = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '';
      clipped.push(`${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${classes} « ${e.innerText.trim().slice(0, 40)} »` +
                   ` (${e.scrollWidth}×${e.scrollHeight} dans ${e.clientWidth}×${e.clientHeight})`);
    }
  }
  return clipped;
}"""


@pytest.mark.parametrize("path", ["/", "/pieces/", "/outil/", "/outil/classe/"])
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["320", "1280"])
def test_text_spacing_clips_no_text(page, server, path, viewport):
    page.set_viewport_size(viewport)
    if path == "/outil/":
        open_tool(page, server)
        fill_tool(page)
    elif path == "/outil/classe/":
        open_class_tool_with_a_file(page, server)
    else:
        page.goto(f"{server}{path}")
    page.evaluate(ADD_STYLE, TEXT_SPACING)
    assert page.evaluate("getComputedStyle(document.body).letterSpacing") != "normal"
    clipped = page.evaluate(CLIPPED)
    assert not clipped, f"{path} : texte coupé avec l'espacement du texte agrandi :\n" + "\n".join(f"  {c}" for c in clipped)
    assert_no_horizontal_scroll(page, f"{path}, espacement du texte agrandi")


# ---------- 200 % zoom (RGAA 10.4) ----------

ZOOMED = {"width": 640, "height": 400}  # a 1280 × 800 screen at 200 %

# Each control, focused and brought to the middle of the screen, is the element
# found at its centre (or holds it, or is its label's); `controls` from FOCUSABLE.
HIDDEN_UNDER = """async (controls) => {
  const hidden = [];
  for (const {path, name} of controls) {
    const control = document.querySelector(path);
    if (!control || !control.checkVisibility()) continue;  // hidden since by the tool
    control.focus();
    control.scrollIntoView({block: 'center', inline: 'nearest', behavior: 'instant'});
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    let box = control.getBoundingClientRect();
    if ((box.width < 4 || box.height < 4) && control.labels?.length) box = control.labels[0].getBoundingClientRect();
    const found = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    const ok = found && (control.contains(found) || found.contains(control) || [...(control.labels || [])].some((l) => l.contains(found)));
    if (!ok) hidden.push(`${name} sous ${found ? found.tagName.toLowerCase() + (found.className ? '.' + String(found.className).split(' ')[0] : '') : 'rien'}`);
  }
  return hidden;
}"""


@pytest.mark.parametrize("path", ["/", "/outil/"])
def test_200_percent_zoom_keeps_the_page_usable(page, server, path):
    page.set_viewport_size(ZOOMED)
    if path == "/outil/":
        open_tool(page, server)
        fill_tool(page)
    else:
        page.goto(f"{server}{path}")
    assert_no_horizontal_scroll(page, f"{path} à 200 %")
    hidden = page.evaluate(HIDDEN_UNDER, page.evaluate(FOCUSABLE))
    assert not hidden, f"{path} à 200 % : contrôles masqués par un autre élément :\n" + "\n".join(f"  {h}" for h in hidden)
