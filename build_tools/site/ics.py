"""The edition's deadlines as an iCalendar file, one all-day event each."""

import datetime

from icalendar import Calendar, Event


def calendar_bytes(bundle: dict) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", f"-//Inscription BTS//Édition {bundle['edition']}//FR")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"BTS {bundle['session']} : échéances d'inscription")
    stamp = datetime.datetime.combine(datetime.date.fromisoformat(bundle["genere_le"]), datetime.time(), datetime.timezone.utc)
    for echeance in bundle["calendrier"]["echeances"]:
        day = datetime.date.fromisoformat(echeance["date"])
        event = Event()
        event.add("uid", f"{echeance['id']}-{bundle['edition']}@inscription-bts")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("summary", f"BTS {bundle['session']} : {echeance['libelle']}")
        event.add("description", echeance["description"])
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_name(bundle: dict) -> str:
    return f"calendrier-bts-{bundle['edition']}.ics"
