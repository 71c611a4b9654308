"""A ``kiosk_name`` is the name of the kiosk's status file (``<status_folder>/<kiosk_name>.json``),
so a name that reads as a path (``"../x"``, ``"north\\desk"``, ``".."``) is a located error that
says what to write, the kiosk keeps its host name, and ``kiosk config --check`` exits 1. Before,
such a name was changed into another file name without a word."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import cli
from kiosk.settings import HINTS, SettingsError, load, make_settings, path_in_name

NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_ èéłąß"


@pytest.mark.parametrize("name, words", [
    ("../x", "'../x' holds '/', which separates folders in a path: the kiosk's name is the name of its status file, "
             "not a path"),
    ("north\\desk", "'north\\desk' holds '\\', which separates folders in a path: the kiosk's name is the name of its "
                    "status file, not a path"),
    ("..", "'..' starts with '.': its status file would be hidden, or be a folder's own entry ('.', '..')"),
    (".north", "'.north' starts with '.': its status file would be hidden, or be a folder's own entry ('.', '..')"),
])
def test_a_name_that_reads_as_a_path_is_a_located_error_and_the_host_name_is_kept(tmp_path, name, words):
    file = tmp_path / "settings.toml"
    file.write_text(f"rotation = 90\nkiosk_name = {json.dumps(name)}\n", encoding="utf-8")
    effective = load(file)
    assert [str(p) for p in effective.problems] == [
        f"{file}:2:1: error: 'kiosk_name': {words}; using the default — {HINTS['kiosk_name']}"]
    assert effective.settings.kiosk_name is None and effective.sources["kiosk_name"] == "default"  # the host name
    assert effective.settings.rotation == 90  # the other settings are read as usual
    with pytest.raises(SettingsError, match="separates folders|starts with"):
        make_settings({"kiosk_name": name})


def test_the_hint_says_what_to_write():
    assert HINTS["kiosk_name"] == 'give a short name of letters, digits, - and _ in quotes, e.g. kiosk_name = "library-north"'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.text(alphabet=NAME_CHARS, max_size=20), mark=st.sampled_from(["/", "\\", "../", "/.."]),
       after=st.text(alphabet=NAME_CHARS, max_size=20))
def test_no_slash_or_backslash_slips_into_a_name(tmp_path, before, mark, after):
    name = before + mark + after
    file = tmp_path / "settings.toml"
    file.write_text(f"kiosk_name = {json.dumps(name, ensure_ascii=False)}\n", encoding="utf-8")
    effective = load(file)
    assert len(effective.problems) == 1 and effective.problems[0].message.startswith("'kiosk_name': ")
    assert effective.settings.kiosk_name is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(alphabet=NAME_CHARS, min_size=1, max_size=100).filter(lambda n: n.strip()))
def test_a_name_of_letters_digits_dashes_and_spaces_is_taken_as_written(tmp_path, name):
    file = tmp_path / "settings.toml"
    file.write_text(f"kiosk_name = {json.dumps(name, ensure_ascii=False)}\n", encoding="utf-8")
    effective = load(file)
    assert effective.problems == [] and effective.settings.kiosk_name == name
    assert path_in_name(name) is None


def test_config_check_exits_1_for_a_name_that_reads_as_a_path(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "config"
    folder.mkdir()
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(folder))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    (folder / "settings.toml").write_text('kiosk_name = "../x"\n', encoding="utf-8")
    assert cli.main(["config", "--check"]) == 1
    said = capsys.readouterr()
    assert "error: 'kiosk_name': '../x' holds '/'" in said.out + said.err
    assert "Traceback" not in said.out + said.err
    (folder / "settings.toml").write_text('kiosk_name = "library-north"\n', encoding="utf-8")
    assert cli.main(["config", "--check"]) == 0
