"""Every page of the built site, one test each: loads cleanly, stays on the site,
is in French, has the legal footer with the edition, and passes axe-core."""

from urllib.parse import urlsplit

from tests.site.conftest import describe_violations, foreign_requests, origin, run_axe, site_pages

FOOTER_LINKS = ("Mentions légales", "Données personnelles", "Accessibilité")


def footer_problems(page, server, pages) -> list:
    problems = []
    links = page.eval_on_selector_all("footer a", "links => links.map(a => [a.textContent.trim(), a.href])")
    for label in FOOTER_LINKS:
        hrefs = [href for text, href in links if text.startswith(label)]
        if not hrefs:
            problems.append(f"pied de page : pas de lien « {label} » (liens : {[text for text, _ in links]})")
        for href in hrefs:
            if origin(href) != origin(server) or urlsplit(href).path not in pages:
                problems.append(f"pied de page : le lien « {label} » mène à {href}, qui n'est pas une page du site")
    return problems


def edition_problems(page, bundle) -> list:
    expected = {"data-edition": bundle["edition"], "data-empreinte": bundle["empreinte"][:12]}
    problems = []
    for attribute, value in expected.items():
        elements = page.locator(f"footer [{attribute}]")
        found = elements.first.get_attribute(attribute) if elements.count() else None
        if found != value:
            problems.append(f"pied de page : [{attribute}] vaut {found!r}, attendu {value!r}")
    return problems


def test_page(site_page, page, page_log, server, built_site, bundle):
    response = page.goto(server + site_page, wait_until="networkidle")
    assert response.status == 200, f"{site_page} : HTTP {response.status}"
    problems = []
    lang = page.get_attribute("html", "lang")
    if lang != "fr":
        problems.append(f'<html lang="{lang}">, attendu "fr"')
    problems += footer_problems(page, server, set(site_pages(built_site)))
    problems += edition_problems(page, bundle)
    violations = run_axe(page)
    if violations:
        problems.append("axe-core (serious/critical) :\n" + describe_violations(violations))
    problems += [f"requête hors du site : {url}" for url in foreign_requests(page_log.requests, server)]
    problems += [f"erreur console : {error}" for error in page_log.console_errors]
    problems += [f"erreur JavaScript : {error}" for error in page_log.page_errors]
    assert not problems, f"Page {site_page} :\n" + "\n".join(f"- {p}" for p in problems)
