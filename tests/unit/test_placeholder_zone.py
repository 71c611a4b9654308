"""A time zone the zone database knows but that is no place's time (``Factory``: a computer whose
zone is not set yet) is warned about in a deck, whose dates and times would be read as UTC, and
refused in settings.toml, whose opening hours then follow the deck's zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from kiosk.deck import load_deck
from kiosk.walltime import PLACEHOLDER_ZONES, placeholder_zone, zone_names

DECK = 'deck: {id: t, title: T, languages: [en], timezone: %s}\nslides:\n  - {id: help, type: helpline, phone: "08000 121 700"}\n'


def zone_problems(tmp_path, zone: str) -> list:
    (tmp_path / "deck.yaml").write_text(DECK % zone, encoding="utf-8")
    result = load_deck(tmp_path)
    return [(p.severity, p.message, p.hint) for p in result.problems if "time zone" in p.message]


def test_the_factory_zone_in_a_deck_is_a_warning_that_names_what_to_give(tmp_path):
    assert zone_problems(tmp_path, "Factory") == [(
        "warning", "time zone 'Factory' is the zone database's stand-in for a computer whose zone is not set: the "
        "deck's dates and times would be read as UTC, with no summer time", "give the venue's zone, such as Europe/London")]
    assert zone_problems(tmp_path, "Europe/London") == []


def test_the_factory_zone_in_the_settings_is_refused_and_the_decks_zone_used(tmp_path, monkeypatch):
    from kiosk import settings

    (tmp_path / "settings.toml").write_text('timezone = "Factory"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))
    loaded = settings.load()
    [problem] = loaded.problems
    assert "'timezone': time zone 'Factory' is the zone database's stand-in" in problem.message
    assert loaded.settings.timezone is None  # the opening hours follow the playing deck's zone


def test_only_placeholders_are_said_to_be_no_place():
    """Every zone named a placeholder is one the database knows and reads as UTC, summer and winter."""
    named = sorted(name for name in zone_names() if placeholder_zone(name))
    assert named == sorted(PLACEHOLDER_ZONES & set(zone_names())) and "Factory" in named
    for name in named:
        for month in (1, 7):
            assert dt.datetime(2026, month, 1, tzinfo=zoneinfo.ZoneInfo(name)).utcoffset() == dt.timedelta(0)
