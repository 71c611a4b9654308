"""A file named like a deck bundle (``….zip``) that is not a zip file (a copy cut short, a download
that saved an error page, a text file renamed) is named as such by every command that takes a
deck or a bundle, never read as YAML nor taken for a deck file to rename."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.userfile import ZIP_SIGNATURES

SAID = "is named like a deck bundle (.zip) but is not a zip file"
FIX = "copy it again, or make it with kiosk pack DECK"


@pytest.fixture
def fake(tmp_path):
    path = tmp_path / "harvest.zip"
    path.write_text("deck: {id: harvest, title: Harvest}\nslides: []\n", encoding="utf-8")  # a deck.yaml, renamed
    return path


@pytest.mark.parametrize("command", [
    ["validate"], ["validate", "--no-fit"], ["run", "--headless", "--cycles", "1"], ["render", "--out", "OUT"],
    ["install", "--library", "LIB"], ["pack", "--out", "OUT.zip"], ["publish", "--key", "KEY", "--to", "OUT"],
], ids=["validate", "validate-no-fit", "run", "render", "install", "pack", "publish"])
def test_every_command_names_a_zip_that_is_not_one(fake, tmp_path, capsys, command):
    args = [str(tmp_path / part) if part in ("OUT", "LIB", "OUT.zip", "KEY") else part for part in command]
    assert main([args[0], str(fake), *args[1:]]) == 1
    out, err = capsys.readouterr()
    said = out + err
    assert SAID in said and FIX in said, said
    assert "top level" not in said and "rename the file" not in said
    assert not (tmp_path / "OUT").exists() and not (tmp_path / "LIB").exists()


def test_validate_gives_it_as_a_located_error_and_a_summary(fake, capsys):
    assert main(["validate", str(fake)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{fake}: error: the file {SAID} — {FIX}", f"{fake}: invalid (1 error)"]  # the file whole: no line


def test_a_deck_setting_naming_such_a_file_says_so(fake, tmp_path, monkeypatch, capsys):
    from kiosk.library import resolve_deck

    chosen = resolve_deck(str(fake), tmp_path / "library")
    assert chosen.problem and SAID in chosen.problem and FIX in chosen.problem


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=64).filter(lambda b: not b.startswith(ZIP_SIGNATURES)),
       name=st.sampled_from(["deck.zip", "Deck.ZIP", "a b.Zip"]))
def test_whatever_such_a_file_holds_it_is_named_so(tmp_path, capsys, content, name):
    path = tmp_path / name
    path.write_bytes(content)
    assert main(["validate", "--no-fit", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"error: the file {SAID}" in out and out.count("error:") == 1
