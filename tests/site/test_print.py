"""The preparation sheet prints as content only: no header, navigation, search or footer."""

from playwright.sync_api import expect

HIDDEN_IN_PRINT = (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer")
MIN_SCREENSHOT_BYTES = 10_000  # a blank A4-wide page is a few KB of PNG


def test_fiche_prints_without_navigation(page, server, tmp_path):
    page.goto(server + "/fiche/", wait_until="networkidle")
    for selector in HIDDEN_IN_PRINT:
        assert page.locator(selector).count(), f"{selector} absent de la page à l'écran"
    page.emulate_media(media="print")
    screenshot = tmp_path / "fiche-impression.png"
    page.screenshot(path=str(screenshot), full_page=True)
    for selector in HIDDEN_IN_PRINT:
        expect(page.locator(selector).first, f"{selector} visible à l'impression (capture : {screenshot})").to_be_hidden()
    size = screenshot.stat().st_size
    assert size > MIN_SCREENSHOT_BYTES, f"Capture d'impression presque vide ({size} octets) : {screenshot}"
