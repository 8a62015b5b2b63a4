"""The calendar file served with the site: one event per deadline of the rules,
all-day for a date, timed in the edition's time zone for a date with a time."""

import datetime
from urllib.request import urlopen

from icalendar import Calendar

from bts_inscription.dates import date_fr
from build_tools.timezone import time_zone


def _served(server, bundle) -> Calendar:
    with urlopen(f"{server}/calendrier-bts-{bundle['edition']}.ics") as response:
        assert response.status == 200
        return Calendar.from_ical(response.read())


def _day(event) -> datetime.date:
    start = event.decoded("dtstart")
    return start.date() if isinstance(start, datetime.datetime) else start


def test_calendar_has_one_event_per_deadline(server, bundle):
    events = _served(server, bundle).walk("VEVENT")
    deadlines = bundle["calendrier"]["echeances"]
    assert len(events) == len(deadlines), f"{len(events)} évènements pour {len(deadlines)} échéances"
    for deadline in deadlines:
        day = datetime.date.fromisoformat(deadline["date"])
        matching = [e for e in events if _day(e) == day and deadline["libelle"] in str(e["summary"])]
        assert matching, f"Pas d'évènement le {day} intitulé « {deadline['libelle']} » ; évènements :\n" + "\n".join(
            f"  {e.decoded('dtstart')} {e['summary']}" for e in events
        )


def test_an_event_is_timed_in_the_editions_zone_only_when_its_deadline_has_a_time(server, bundle):
    calendar = _served(server, bundle)
    events = {str(e["uid"]).split("@")[0].removesuffix(f"-{bundle['edition']}"): e for e in calendar.walk("VEVENT")}
    zone = time_zone(bundle["identite"])
    timed = False
    for deadline in bundle["calendrier"]["echeances"]:
        start = events[deadline["id"]]["dtstart"]
        if "heure" in deadline:
            timed = True
            assert start.params["TZID"] == zone
            assert start.dt.strftime("%Y-%m-%d %H:%M") == f"{deadline['date']} {deadline['heure']}"
        else:
            assert type(start.dt) is datetime.date, f"{deadline['id']} : évènement non journée entière ({start.dt})"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ([zone] if timed else [])


def test_each_deadline_reminds_a_week_and_a_day_before_in_french(server, bundle):
    events = {str(e["uid"]).split("@")[0].removesuffix(f"-{bundle['edition']}"): e for e in _served(server, bundle).walk("VEVENT")}
    for deadline in bundle["calendrier"]["echeances"]:
        alarms = events[deadline["id"]].walk("VALARM")
        assert sorted(alarm.decoded("trigger") for alarm in alarms) == [-datetime.timedelta(days=7), -datetime.timedelta(days=1)]
        for alarm in alarms:
            assert str(alarm["action"]) == "DISPLAY"
            description = str(alarm["description"])
            assert deadline["libelle"] in description and date_fr(deadline["date"]) in description, description
        assert any("demain" in str(alarm["description"]) for alarm in alarms)  # the day before
