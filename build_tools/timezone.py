"""The edition's time zone: an IANA name, checked at build time (the engine never needs it)."""

import difflib
import json
import zoneinfo

from build_tools.schema_check import SCHEMA_DIR

# How alike (difflib ratio) a wrong zone name and a known one must be to call it a typo.
_TYPO = 0.85


def default_time_zone() -> str:
    """The zone when edition.yaml names none: the `default` of its schema."""
    schema = json.loads((SCHEMA_DIR / "edition.schema.json").read_text(encoding="utf-8"))
    return schema["properties"]["fuseau_horaire"]["default"]


def time_zone(identite: dict) -> str:
    """The zone of an edition, from its edition.yaml data (the bundle's `identite`)."""
    return identite.get("fuseau_horaire") or default_time_zone()


def is_known(zone: str) -> bool:
    return zone in zoneinfo.available_timezones()


def suggestions(zone: str) -> list:
    """Known names for a wrong one: a near spelling (a typo), else the default zone when
    in its area (a city that names no zone, such as « Europe/Nantes »), else the nearest."""
    zones = {known.lower(): known for known in sorted(zoneinfo.available_timezones())}
    proches = [zones[known] for known in difflib.get_close_matches(zone.lower(), zones, n=2)]
    if proches and difflib.SequenceMatcher(None, zone.lower(), proches[0].lower()).ratio() >= _TYPO:
        return proches[:1]
    default = default_time_zone()
    if zone.split("/")[0].lower() == default.split("/")[0].lower():
        return [default]
    return proches
