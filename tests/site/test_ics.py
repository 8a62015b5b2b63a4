"""The calendar file served with the site: one all-day event per deadline of the rules."""

import datetime
from urllib.request import urlopen

from icalendar import Calendar


def test_calendar_has_one_event_per_deadline(server, bundle):
    with urlopen(f"{server}/calendrier-bts-{bundle['edition']}.ics") as response:
        assert response.status == 200
        calendar = Calendar.from_ical(response.read())
    events = calendar.walk("VEVENT")
    deadlines = bundle["calendrier"]["echeances"]
    assert len(events) == len(deadlines), f"{len(events)} évènements pour {len(deadlines)} échéances"
    for deadline in deadlines:
        day = datetime.date.fromisoformat(deadline["date"])
        matching = [e for e in events if e.decoded("dtstart") == day and deadline["libelle"] in str(e["summary"])]
        assert matching, (f"Pas d'évènement le {day} intitulé « {deadline['libelle']} » ; évènements :\n"
                          + "\n".join(f"  {e.decoded('dtstart')} {e['summary']}" for e in events))
