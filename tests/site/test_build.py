"""A failed build leaves the previous site exactly as it was, and no staging folder."""

import pytest

from build_tools.site.build import BuildError, build_site


def snapshot(site) -> tuple:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*")), (site / "index.html").read_bytes()


def test_broken_rules_keep_the_previous_site(rules_copy, tmp_path):
    site = build_site(tmp_path / "site")
    before = snapshot(site)

    with open(rules_copy / "calendrier.yaml", "a", encoding="utf-8") as calendar:
        calendar.write("  - id: [\n")
    with pytest.raises(BuildError):
        build_site(site)

    assert snapshot(site) == before, "le site précédent a été modifié par la construction ratée"
    leftovers = sorted(p.name for p in site.parent.glob(".*-construction-*"))
    assert not leftovers, f"dossiers de construction laissés : {leftovers}"
