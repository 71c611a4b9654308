"""The organisation's name cut short in the header (two lines at most, then "…") is warned
about at ``deck: organisation``, naming the sizes and languages where it is cut, as text that
does not fit on a slide is: a name that fits gets no warning."""

from __future__ import annotations

import os
import subprocess
import sys

LONG = ("The East Coast and Broads Partnership Against Modern Slavery, Human Trafficking and Labour "
        "Exploitation (ECBPAMSHTLE) Community Interest Company")


def validate(folder, tmp_path, cached: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "kiosk", "validate", *([] if cached else ["--no-cache"]), str(folder)],
                          capture_output=True, text=True, timeout=300, env=env)


def deck(organisation: str, languages: str = "[en]") -> str:
    return (f"deck:\n  id: header\n  title: Header\n  languages: {languages}\n  organisation: {organisation}\n"
            "slides:\n  - {id: welcome, type: title, title: Welcome}\n"
            "  - {id: help, type: helpline, phone: '08000 121 700'}\n")


def test_a_long_organisation_cut_in_the_header_is_warned_about_at_its_line(write_deck, tmp_path):
    folder = write_deck(deck(LONG))
    for cached in (False, True, True):  # the verdict kept in the check cache says the same
        done = validate(folder, tmp_path, cached)
        cut = [line for line in done.stdout.splitlines() if "organisation" in line and "cut short" in line]
        assert done.returncode == 0, done.stdout + done.stderr
        assert len(cut) == 1, done.stdout
        assert ":5:17: warning: organisation: 'The East Coast and Broads" in cut[0], cut[0]
        assert "in the header at 1080x1920" in cut[0] and "1280x800" in cut[0], cut[0]
        assert "— shorten it" in cut[0], cut[0]
        assert "Traceback" not in done.stderr


def test_a_translated_organisation_is_warned_about_in_the_languages_it_is_cut_in(write_deck, tmp_path):
    folder = write_deck(deck(f"\n    en: {LONG}\n    pl: Partnerstwo", "[en, pl]"))
    done = validate(folder, tmp_path)
    cut = [line for line in done.stdout.splitlines() if "cut short" in line]
    assert len(cut) == 1, done.stdout
    assert ":6:9: warning: organisation (en): 'The East Coast" in cut[0], cut[0]


def test_a_short_organisation_gets_no_warning(write_deck, tmp_path):
    done = validate(write_deck(deck("East Coast and Broads Partnership")), tmp_path)
    assert done.returncode == 0 and "cut short" not in done.stdout and "warning" not in done.stdout, done.stdout
