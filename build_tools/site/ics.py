"""The edition's deadlines as an iCalendar file: one event each, all-day when the
deadline is a day, timed in the edition's time zone (with its VTIMEZONE) when it has a time."""

import datetime
import zoneinfo

from icalendar import Alarm, Calendar, Event

from bts_inscription.dates import echeance_jour_fr
from build_tools.timezone import time_zone

# A reminder this many days before each deadline (a choice of the site, not a rule).
REMINDER_DAYS = (7, 1)


def _moment(echeance: dict, zone: zoneinfo.ZoneInfo):
    """(start, end) of the event: the whole day, or the deadline's instant."""
    day = datetime.date.fromisoformat(echeance["date"])
    if not echeance.get("heure"):
        return day, day + datetime.timedelta(days=1)
    instant = datetime.datetime.combine(day, datetime.time.fromisoformat(echeance["heure"]), zone)
    return instant, instant


def _reminder(echeance: dict, days: int) -> Alarm:
    """A notification `days` days before the deadline, saying when it is and what."""
    quand = "demain" if days == 1 else f"dans {days}\u00a0jours"
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -datetime.timedelta(days=days))
    alarm.add("description", f"Date limite {quand}, {echeance_jour_fr(echeance)}\u00a0: «\u00a0{echeance['libelle']}\u00a0».")
    return alarm


def calendar_bytes(bundle: dict) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//Inscription BTS//Édition {bundle['edition']}//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"BTS {bundle['session']} : échéances d'inscription")
    stamp = datetime.datetime.combine(datetime.date.fromisoformat(bundle["genere_le"]), datetime.time(), datetime.UTC)
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
        for days in REMINDER_DAYS:
            event.add_component(_reminder(echeance, days))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def calendar_name(bundle: dict) -> str:
    return f"calendrier-bts-{bundle['edition']}.ics"
