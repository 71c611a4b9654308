"""A setting flag of ``kiosk run`` with a value the settings do not allow is misuse, as any other
flag misused: one line naming the flag, exit 1, nothing played. A bad value in ``settings.toml``
is only reported, and the default plays (README, Exit codes; docs/settings.md)."""

from __future__ import annotations

import subprocess

import pytest

from helpers import BUNDLED
from helpers.process import environment, kiosk
from kiosk import paths
from kiosk.cli_settings import SETTING_FLAGS

# A value refused for each flag that overrides a setting, and for DECK: (arguments, the flag named, words said).
BAD_VALUES = {
    "--screen": (["--screen", "99"], "must be 15 or less"),
    "--rotation": (["--rotation", "45"], "invalid choice"),
    "--reduced-motion": (["--reduced-motion=yes"], "ignored explicit argument 'yes'"),
    "--log-folder": (["--log-folder", ""], "'' is empty"),
    "--library": (["--library", str(paths.decks())], "holds the decks that come with the kiosk"),
    "--stats-file": (["--stats-file", " "], "' ' is empty"),
}


def test_every_setting_flag_has_a_bad_value_here():
    assert set(BAD_VALUES) == set(SETTING_FLAGS)


@pytest.mark.parametrize("flag, argv, words", [(flag, [str(BUNDLED), *argv], words)
                                               for flag, (argv, words) in BAD_VALUES.items()]
                         + [("DECK", ["freedom\x01week"], "holds a control character")],
                         ids=[*BAD_VALUES, "DECK"])
def test_a_setting_flag_with_a_value_not_allowed_is_refused_naming_it(tmp_path, flag, argv, words):
    frames = tmp_path / "frames"
    done = subprocess.run(kiosk("run", "--headless", "--cycles", "1", "--frames", str(frames), *argv),
                          capture_output=True, text=True, env=environment(), timeout=120)
    assert done.returncode == 1, done.stderr
    said = [line for line in done.stderr.splitlines() if line.startswith("kiosk run: ")]
    assert len(said) == 1, done.stderr
    assert f"argument {flag}: " in said[0] and words in said[0], said[0]
    assert said[0].endswith("'kiosk run --help' lists what it takes")
    assert "using the settings file's value" not in done.stderr and "Traceback" not in done.stderr
    assert not frames.exists(), "nothing was played"


def test_a_bad_screen_in_the_settings_file_is_reported_and_the_kiosk_plays(tmp_path):
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("screen = 99\n", encoding="utf-8")
    env = {**environment(), "KIOSK_CONFIG_DIR": str(config)}
    done = subprocess.run(kiosk("run", "--headless", "--cycles", "1", "--time-scale", "1000", str(BUNDLED)),
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{config / 'settings.toml'}:1:" in done.stderr and "screen" in done.stderr
    assert "must be 15 or less" in done.stderr
