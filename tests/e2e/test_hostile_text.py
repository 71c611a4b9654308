"""Hostile text in decks and settings: time-zone names, dates at the ends of the calendar,
look-alike hosts, phone numbers in labels that differ from the one dialled, invisible characters.

Every input is made here (tmp_path); the real ``kiosk`` command is run where the fault was a crash.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from kiosk import settings
from kiosk.deck import load_deck
from kiosk.deck.chars import doubtful_chars
from kiosk.deck.links import parse_web_link, shown_form, spoof_reason
from kiosk.player import schedule
from kiosk.player.clock import Clock
from kiosk.player.views import host_of
from kiosk.walltime import EARLIEST, LATEST, UnknownZone, written, zone_named

HELP = """  - id: help
    type: helpline
    phone: "08000 121 700"
    url: "https://www.modernslaveryhelpline.org"
"""


def deck(tmp_path: Path, slides: str, *, zone: str | None = None, name: str = "d") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    head = "deck:\n  id: t\n  title: T\n" + (f"  timezone: {zone}\n" if zone is not None else "")
    (folder / "deck.yaml").write_text(head + "slides:\n" + slides, encoding="utf-8")
    return folder


def kiosk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk", *args], check=False, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


def messages(folder: Path) -> list[str]:
    return [f"{p.severity}: {p.message}" for p in load_deck(folder, today=dt.date(2026, 12, 6)).problems]


# Time-zone names ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Europe", "Europe/", "localtime", "posixrules", "A" * 3000, "../../etc/passwd",
                                  "/usr/share/zoneinfo/UTC", "", "Europe/London\x00", "europe/london", "posix/UTC",
                                  "right/UTC"])
def test_only_iana_names_become_zones(name):
    with pytest.raises(UnknownZone) as info:
        zone_named(name)
    assert info.value.message.startswith("unknown time zone '")
    assert len(info.value.message) < 80  # a long name is cut short


def test_zone_hints_say_how_to_fix():
    assert "add a city, e.g. Europe/London" in pytest.raises(UnknownZone, zone_named, "Europe").value.hint
    assert "did you mean 'Europe/London'?" in pytest.raises(UnknownZone, zone_named, "europe/london").value.hint
    assert zone_named("Europe/London").key == "Europe/London"
    assert zone_named("Pacific/Kiritimati").key == "Pacific/Kiritimati"


@pytest.mark.parametrize("name", ["Europe", "A" * 3000, "localtime", "posixrules"])
def test_validate_refuses_a_bad_deck_zone_with_exit_1(tmp_path, name):
    folder = deck(tmp_path, "  - id: s1\n    type: title\n    title: Hi\n", zone=name)
    proc = kiosk("validate", str(folder))
    assert proc.returncode == 1, proc.stderr
    assert "deck.yaml:4:13: error: unknown time zone '" in proc.stdout
    assert "unexpected error" not in proc.stderr


@pytest.mark.parametrize("name", ["Europe", "A" * 3000, "localtime"])
def test_a_bad_settings_zone_is_located_and_the_default_is_used(tmp_path, monkeypatch, name):
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "settings.toml").write_text(f'timezone = "{name}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(config))
    effective = settings.load()
    [problem] = effective.problems
    assert (problem.line, problem.col) == (1, 1)
    assert "unknown time zone" in problem.message and "using the default" in problem.message
    assert effective.settings.timezone is None


def test_config_check_reports_and_run_plays_on_with_a_bad_zone(tmp_path):
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "settings.toml").write_text('timezone = "Europe"\n', encoding="utf-8")
    env = {"KIOSK_CONFIG_DIR": str(config)}
    check = kiosk("config", "--check", env=env)
    assert check.returncode == 1
    assert "settings.toml:1:1: error: 'timezone': unknown time zone 'Europe'" in check.stdout + check.stderr
    run = kiosk("run", "--headless", "--cycles", "1", "--time-scale", "200", "--log-json", str(tmp_path / "e.jsonl"),
                env=env)
    assert run.returncode == 0, run.stderr


# Dates at the ends of the calendar ----------------------------------------------------------

@pytest.mark.parametrize("zone", ["Europe/London", "Etc/GMT+12", "Pacific/Kiritimati", "Asia/Tokyo"])
def test_show_until_9999_and_show_from_0001_validate_and_schedule(tmp_path, zone):
    folder = deck(tmp_path, "  - id: s1\n    type: text\n    title: Hi\n    body: B\n    show_from: 0001-01-01\n"
                            "    show_until: 9999-12-31\n    times: ['22:00-02:00']\n" + HELP, zone=zone)
    result = load_deck(folder, today=dt.date(2026, 12, 6))
    assert result.ok, result.problems
    for moment in (EARLIEST, LATEST, dt.datetime(2026, 12, 6, 23, tzinfo=dt.UTC)):
        schedule.due_slides(result.deck, moment)


def test_a_past_date_prints_with_four_digit_years(tmp_path):
    folder = deck(tmp_path, "  - id: s1\n    type: text\n    title: Hi\n    body: B\n    show_until: 0001-01-01 00:00\n"
                  + HELP, zone="America/New_York")
    assert any("show_until (0001-01-01 00:00) is in the past" in m for m in messages(folder))
    assert written(dt.date(1, 1, 1)) == "0001-01-01"
    assert written(dt.datetime(9999, 12, 31, 23, 59)) == "9999-12-31 23:59"


@pytest.mark.parametrize("at", ["9999-12-31 23:59", "0001-01-01 00:00"])
def test_at_the_ends_of_the_calendar_is_refused_cleanly(tmp_path, at):
    folder = deck(tmp_path, "  - id: s1\n    type: title\n    title: Hi\n", zone="Pacific/Kiritimati")
    proc = kiosk("render", str(folder), "--out", str(tmp_path / "out"), "--at", at)
    assert proc.returncode in (1, 2), proc.stderr
    assert "--at:" in proc.stderr and "calendar" in proc.stderr and "unexpected error" not in proc.stderr


def test_a_clock_started_late_stops_at_the_end_of_the_calendar():
    seconds = iter([0.0, 1e12])
    clock = Clock(at=LATEST - dt.timedelta(minutes=1), source=lambda: next(seconds)).wall
    assert clock() == LATEST


days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
zones = st.sampled_from(["Europe/London", "Etc/GMT+12", "Etc/GMT-14", "America/New_York", "Australia/Lord_Howe"])


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=days, until=days, event=days, zone=zones, times=st.sampled_from(["", "    times: ['22:00-00:00']\n",
                                                                              "    times: ['23:00-01:30']\n"]))
def test_any_dates_in_years_1_to_9999_validate_and_schedule(tmp_path_factory, start, until, event, zone, times):
    """Hypothesis: show_from, show_until and an event's date anywhere in the calendar never crash
    validate or the schedule."""
    tmp = tmp_path_factory.mktemp("dates")
    folder = deck(tmp, f"  - id: s1\n    type: text\n    title: Hi\n    body: B\n    show_from: {start.isoformat()}\n"
                       f"    show_until: {until.isoformat()}\n{times}"
                       f"  - id: ev\n    type: events\n    title: E\n    events:\n"
                       f"      - {{date: {event.isoformat()}, title: X, start: '23:30', end: '23:45'}}\n" + HELP,
                  zone=zone)
    result = load_deck(folder, today=dt.date(2026, 12, 6))
    assert not [p for p in result.problems if p.severity == "error"], result.problems
    for moment in (EARLIEST, LATEST, dt.datetime(2026, 12, 6, tzinfo=dt.UTC)):
        schedule.due_slides(result.deck, moment)


# Look-alike hosts and invalid punycode ------------------------------------------------------

def test_a_cyrillic_o_in_a_latin_host_is_shown_as_browsers_show_it_and_refused(tmp_path):
    url = "https://www.m\u043edernslaveryhelpline.org"
    link = parse_web_link(url)
    assert link.shown_host == "xn--mdernslaveryhelpline-3oq.org" == host_of(url)
    assert "mixes Latin and Cyrillic" in link.spoof
    folder = deck(tmp_path, f'  - id: help\n    type: helpline\n    phone: "08000 121 700"\n    url: "{url}"\n')
    assert any(m.startswith("error: slide 'help': browsers show this host as xn--") for m in messages(folder))


def test_an_all_cyrillic_look_alike_in_a_label_is_warned(tmp_path):
    folder = deck(tmp_path, '  - id: s1\n    type: text\n    title: Hi\n'
                            '    qr: {link: "https://xn--80ak6aa92e.com/", label: "Visit \u0430\u0440\u0440\u04cf\u0435.com"}\n'
                  + HELP)
    found = messages(folder)
    assert any("the label names \u0430\u0440\u0440\u04cf\u0435.com, which browsers show as xn--80ak6aa92e.com" in m
               for m in found)
    assert any("browsers show this host as xn--80ak6aa92e.com" in m for m in found)


@pytest.mark.parametrize("host", ["bücher.de", "москва.рф", "ελλάδα.gr", "modernslaveryhelpline.org", "straße.de"])
def test_real_international_names_are_shown_in_their_own_letters(host):
    assert spoof_reason(host) is None
    assert shown_form(host) == host


@pytest.mark.parametrize("url", ["https://xn--.org", "https://xn--a.org", "https://www.xn--.example.org"])
def test_invalid_punycode_is_refused(url):
    with pytest.raises(ValueError, match="not a valid international name"):
        parse_web_link(url)


# Phone numbers in labels --------------------------------------------------------------------

def test_a_qr_label_giving_another_number_is_an_error_at_the_label(tmp_path):
    folder = deck(tmp_path, '  - id: s1\n    type: text\n    title: Hi\n'
                            '    qr: {link: "tel:0800 555 0199", label: "Call the helpline free: 08000 121 700"}\n' + HELP)
    problems = load_deck(folder, today=dt.date(2026, 12, 6)).problems
    [problem] = [p for p in problems if "dials" in p.message]
    assert problem.severity == "error" and (problem.line, problem.col) == (8, 44)  # a visitor calls that number
    assert "the label gives the number 08000 121 700, but the code dials +448005550199" in problem.message


def test_a_call_label_giving_another_number_is_an_error(tmp_path):
    folder = deck(tmp_path, '  - id: help\n    type: helpline\n    phone: "0800 555 0199"\n'
                            '    call_label: "Scan to call the helpline: 08000 121 700"\n')
    assert any("the label gives the number 08000 121 700, but the code dials +448005550199" in m
               for m in messages(folder))


def test_a_label_with_the_dialled_number_is_quiet(tmp_path):
    folder = deck(tmp_path, '  - id: help\n    type: helpline\n    phone: "08000 121 700"\n'
                            '    call_label: {en: "Call +44 8000 121 700 free"}\n')
    assert not any("dials" in m for m in messages(folder))


# Invisible characters -----------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Hi\U000e0041\U000e0042 there", "a\ufff9b\ufffac\ufffb", "x\u2062y", "x\u180ey",
                                  "\U000e0001lang"])
def test_format_characters_are_warned(tmp_path, text):
    assert doubtful_chars(text, False)
    folder = deck(tmp_path, f'  - id: s1\n    type: text\n    title: Hi\n    body: "{text}"\n' + HELP)
    assert any("invisible on screen" in m for m in messages(folder))


@pytest.mark.parametrize("text, rtl", [("Wales \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f", False),
                                       ("Ge\u00adschichte", False), ("\u0645\u0631\u062d\u0628\u0627\u200f 1", True),
                                       ("\u0915\u094d\u200d\u0937", False), ("\U0001f469\u200d\U0001f4bb", False)])
def test_format_characters_with_a_use_are_not_warned(text, rtl):
    assert doubtful_chars(text, rtl) == []
