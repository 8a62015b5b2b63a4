"""Dates written the French way: "3 mars 2026", "mardi 3 mars 2026"."""

import datetime

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre")
JOURS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def date_fr(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    numero = "1er" if day.day == 1 else str(day.day)
    return f"{numero} {MOIS[day.month - 1]} {day.year}"


def date_jour_fr(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{JOURS[day.weekday()]} {date_fr(iso)}"


def jours_restants(iso: str, aujourdhui: datetime.date) -> int:
    return (datetime.date.fromisoformat(iso) - aujourdhui).days
