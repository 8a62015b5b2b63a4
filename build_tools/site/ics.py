"""The edition's deadlines as an iCalendar file: one event each, all-day when the
deadline is a day, timed in the edition's time zone (with its VTIMEZONE) when it has a time."""

import datetime
import zoneinfo

from icalendar import Calendar, Event

from build_tools.timezone import time_zone


def _moment(echeance: dict, zone: zoneinfo.ZoneInfo):
    """(start, end) of the event: the whole day, or the deadline's instant."""
    day = datetime.date.fromisoformat(echeance["date"])
    if not echeance.get("heure"):
        return day, day + datetime.timedelta(days=1)
    instant = datetime.datetime.combine(day, datetime.time.fromisoformat(echeance["heure"]), zone)
    return instant, instant


def calendar_bytes(bundle: dict) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//Inscription BTS//Édition {bundle['edition']}//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"BTS {bundle['session']} : échéances d'inscription")
    stamp = datetime.datetime.combine(datetime.date.fromisoformat(bundle["genere_le"]), datetime.time(), datetime.timezone.utc)
    zone = zoneinfo.ZoneInfo(time_zone(bundle["identite"]))
    for echeance in bundle["calendrier"]["echeances"]:
        debut, fin = _moment(echeance, zone)
        event = Event()
        event.add("uid", f"{echeance['id']}-{bundle['edition']}@inscription-bts")
        event.add("dtstamp", stamp)
        event.add("dtstart", debut)
        event.add("dtend", fin)
        event.add("summary", f"BTS {bundle['session']} : {echeance['libelle']}")
        event.add("description", echeance["description"])
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_name(bundle: dict) -> str:
    return f"calendrier-bts-{bundle['edition']}.ics"
