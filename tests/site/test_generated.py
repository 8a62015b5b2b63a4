"""Dates on the site are generated from the rules, never typed in a template."""

import html
import re

from icalendar import Calendar

from build_tools.site.build import build_site


def page_text(path) -> str:
    """Text of an HTML file, tags removed and spaces (including non-breaking ones) normalized."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))
    return re.sub(r"\s+", " ", text)


def test_a_changed_deadline_changes_the_whole_site(rules_copy, tmp_path):
    calendar = rules_copy / "calendrier.yaml"
    text = calendar.read_text(encoding="utf-8")
    assert text.count('date: "2025-11-19"') == 1, "la date de depot_pieces a changé dans les règles : adapter le test"
    calendar.write_text(text.replace('date: "2025-11-19"', 'date: "2025-11-21"'), encoding="utf-8")

    site = build_site(tmp_path / "site")

    for page in ("index.html", "pieces/index.html"):
        assert "21 novembre 2025" in page_text(site / page), f"/{page} ne montre pas la nouvelle date"
    old = [f"/{p.relative_to(site)}" for p in sorted(site.rglob("*.html")) if "19 novembre 2025" in page_text(p)]
    assert not old, "Ancienne date « 19 novembre 2025 » encore écrite dans :\n" + "\n".join(old)
    [ics] = site.glob("*.ics")
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    starts = sorted(str(e.decoded("dtstart")) for e in events)
    assert "2025-11-21" in starts and "2025-11-19" not in starts, f"{ics.name} : {starts}"
