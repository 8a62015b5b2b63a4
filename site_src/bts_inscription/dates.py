"""Dates written the French way: "3 mars 2026", "mardi 3 mars 2026", "… à 17 h 30"."""

import datetime

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# Where a deadline without a time sorts among the timed ones of its day: last.
FIN_DE_JOURNEE = "24:00"


def date_fr(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    numero = "1er" if day.day == 1 else str(day.day)
    return f"{numero} {MOIS[day.month - 1]} {day.year}"


def date_jour_fr(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{JOURS[day.weekday()]} {date_fr(iso)}"


def heure_fr(heure: str) -> str:
    """ "17:00" -> "17 h", "09:05" -> "9 h 05"."""
    heures, minutes = heure.split(":")
    return f"{int(heures)} h" + (f" {minutes}" if minutes != "00" else "")


def echeance_fr(echeance: dict) -> str:
    """An échéance ({date, heure?}) as "3 mars 2026", or "… à 17 h" when it has a time."""
    texte = date_fr(echeance["date"])
    return f"{texte} à {heure_fr(echeance['heure'])}" if echeance.get("heure") else texte


def echeance_jour_fr(echeance: dict) -> str:
    """Same as echeance_fr, with the day of the week: "mardi 3 mars 2026 à 17 h"."""
    texte = date_jour_fr(echeance["date"])
    return f"{texte} à {heure_fr(echeance['heure'])}" if echeance.get("heure") else texte


def moment(echeance: dict) -> tuple:
    """Sort key of an échéance: its day, then its time (none: end of the day)."""
    return echeance["date"], echeance.get("heure") or FIN_DE_JOURNEE


def days_left(iso: str, aujourdhui: datetime.date) -> int:
    return (datetime.date.fromisoformat(iso) - aujourdhui).days
