"""The commands' promises: the library is never the bundled decks' folder, ``kiosk publish`` keeps
one key per folder, ``kiosk set-pin`` asks again in a terminal, and ``kiosk pack`` / ``install`` /
``publish`` show a deck's warnings as ``kiosk validate`` does."""

from __future__ import annotations

import getpass
import io
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import cli, library, paths, pin
from kiosk import settings as kiosk_settings
from kiosk.fleet import keys
from kiosk.fleet.publish import LOCK_FILE, KeyChangeError, publish, signed_by

README = Path(__file__).resolve().parents[2] / "README.md"

DECK = """\
deck:
  id: {id}
  title: Harvest week
  archive: false
slides:
  - {{id: welcome, type: title, title: Harvest week}}
  - {{id: help, type: helpline, phone: "08000 121 700"}}
"""

PAST_EVENT = """\
  - id: week
    type: events
    title: What's on
    events:
      - {title: Walk for Freedom, date: 2019-10-19, start: "10:00", end: "12:00", place: City Hall}
"""


def make_deck(folder: Path, deck_id: str = "my-campaign", extra: str = "") -> Path:
    """A small valid deck in ``folder`` (``extra``: more slides, YAML)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(DECK.format(id=deck_id) + extra, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def user_data(tmp_path, monkeypatch):
    """A fresh per-user data folder (``XDG_DATA_HOME``), so the default library is a temporary one."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


# --------------------------------------------------------------------------- the library
def test_the_default_library_is_the_user_data_folder_even_in_a_checkout(user_data):
    assert paths.library() == user_data / "kiosk" / "decks"
    assert library.library_folder() == paths.library()
    assert not paths.inside_bundled(paths.library())
    assert paths.inside_bundled(paths.decks()) and paths.inside_bundled(paths.decks() / "freedom-week-2019")


def test_install_from_a_checkout_leaves_the_bundled_decks_alone(tmp_path, user_data, capsys):
    before = snapshot(paths.decks())
    bundle = library.pack(make_deck(tmp_path / "src"), tmp_path / "my.zip")
    assert cli.main(["install", str(bundle)]) == 0
    assert (user_data / "kiosk" / "decks" / "my-campaign" / "deck.yaml").is_file()
    assert snapshot(paths.decks()) == before, "nothing written among the bundled decks"
    capsys.readouterr()
    assert cli.main(["decks"]) == 0
    out = capsys.readouterr().out
    mine = next(line for line in out.splitlines() if "my-campaign" in line)
    assert "bundled" not in mine, out
    assert any("freedom-week-2019" in line and "bundled" in line for line in out.splitlines()), out


@pytest.mark.parametrize("inside", ["", "sub"])
def test_install_refuses_the_bundled_decks_folder_as_library(tmp_path, user_data, capsys, inside):
    before = snapshot(paths.decks())
    bundle = library.pack(make_deck(tmp_path / "src"), tmp_path / "my.zip")
    target = paths.decks() / inside if inside else paths.decks()
    assert cli.main(["install", str(bundle), "--library", str(target)]) == 1
    err = capsys.readouterr().err
    assert "holds the decks that come with the kiosk" in err and "nothing was changed" in err, err
    assert "Traceback" not in err
    assert snapshot(paths.decks()) == before
    assert not (paths.decks() / "sub").exists()


def test_update_refuses_the_bundled_decks_folder_as_library(tmp_path, user_data, capsys):
    before = snapshot(paths.decks())
    assert cli.main(["update", "--source", str(tmp_path / "published"), "--library", str(paths.decks())]) == 1
    assert "holds the decks that come with the kiosk" in capsys.readouterr().err
    assert snapshot(paths.decks()) == before, "no lock or state file among the bundled decks"


def test_the_setting_library_cannot_be_the_bundled_decks_folder(tmp_path, user_data):
    file = tmp_path / "settings.toml"
    file.write_text(f'library = "{paths.decks()}"\n', encoding="utf-8")
    effective = kiosk_settings.load(file)
    assert effective.library == paths.library(), "the bad key keeps its default"
    assert [p for p in effective.problems if "holds the decks that come with the kiosk" in str(p)], \
        [str(p) for p in effective.problems]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(["a", "b", ".", "..", "x y", "é"]), max_size=4))
def test_inside_bundled_follows_the_folder_not_its_spelling(parts, tmp_path):
    """However a path is written (``.``, ``..``), it is refused exactly when it lands in the
    bundled decks' folder."""
    spelled = paths.decks().joinpath(*parts)
    lands = Path(*[paths.decks().resolve().as_posix(), *parts]).resolve()
    expected = lands == paths.decks().resolve() or paths.decks().resolve() in lands.parents
    assert paths.inside_bundled(spelled) == expected
    assert not paths.inside_bundled(tmp_path.joinpath(*[p for p in parts if p != ".."]))


# --------------------------------------------------------------------------- publish and keys
@pytest.fixture
def two_keys(tmp_path):
    first, _ = keys.new_key_pair(tmp_path / "first")
    second, _ = keys.new_key_pair(tmp_path / "second")
    ids = keys.key_id(keys.load_secret(first)), keys.key_id(keys.load_secret(second))
    return first, second, ids


def test_publish_with_another_key_is_refused_naming_both_keys(tmp_path, two_keys, capsys):
    first, second, (first_id, second_id) = two_keys
    deck, folder = make_deck(tmp_path / "deck"), tmp_path / "published"
    assert publish(deck, first, folder).version == 1
    feed_before = (folder / "feed.json").read_bytes()
    with pytest.raises(KeyChangeError) as refused:
        publish(deck, second, folder)
    assert (refused.value.earlier, refused.value.given) == (first_id, second_id)
    assert (folder / "feed.json").read_bytes() == feed_before
    assert sorted(p.name for p in folder.iterdir()) == [LOCK_FILE, "feed.json", "my-campaign-1.zip",
                                                       "my-campaign-1.zip.minisig"]

    assert cli.main(["publish", str(deck), "--key", str(second), "--to", str(folder)]) == 1
    err = capsys.readouterr().err
    assert first_id in err and second_id in err and "--new-key" in err and "nothing was published" in err, err
    assert "Traceback" not in err


def test_publish_new_key_changes_key_on_purpose(tmp_path, two_keys, capsys):
    first, second, (_, second_id) = two_keys
    deck, folder = make_deck(tmp_path / "deck"), tmp_path / "published"
    assert cli.main(["publish", str(deck), "--key", str(first), "--to", str(folder)]) == 0
    assert cli.main(["publish", str(deck), "--key", str(first), "--to", str(folder)]) == 0, "same key: no question"
    assert cli.main(["publish", str(deck), "--key", str(second), "--to", str(folder), "--new-key"]) == 0
    data = json.loads((folder / "feed.json").read_text(encoding="utf-8"))
    assert data["version"] == 3 and signed_by(data["signature"]) == second_id
    assert cli.main(["publish", str(deck), "--key", str(second), "--to", str(folder)]) == 0, \
        "after the change the new key is the folder's key"
    capsys.readouterr()


def test_signed_by_reads_a_signature_and_gives_none_for_garbage(two_keys):
    first, _, (first_id, _) = two_keys
    signature = keys.sign(keys.load_secret(first), b"data", "d", 1, "d-1.zip")
    assert signed_by(signature) == first_id
    assert signed_by("") is None and signed_by("not a signature\nat all\n") is None


# --------------------------------------------------------------------------- set-pin in a terminal
@pytest.fixture
def terminal(tmp_path, monkeypatch):
    """A terminal for ``kiosk set-pin``: returns the list of prompts; ``answers`` feeds getpass."""
    monkeypatch.setenv(pin.CONFIG_ENV, str(tmp_path))
    stdin = io.StringIO()
    stdin.isatty = lambda: True
    monkeypatch.setattr(sys, "stdin", stdin)
    prompts: list[str] = []

    def feed(*answers: str) -> list[str]:
        given_answers = iter(answers)

        def ask(prompt):
            prompts.append(prompt)
            try:
                return next(given_answers)
            except StopIteration:
                raise EOFError from None
        monkeypatch.setattr(getpass, "getpass", ask)
        return prompts
    return feed


def test_set_pin_asks_again_after_a_refused_and_a_mistyped_pin(terminal, tmp_path, capsys):
    prompts = terminal("1234", "4821", "4812", "4821", "4821")
    assert cli.main(["set-pin"]) == 0
    err = capsys.readouterr().err
    assert "try again (2 tries left)" in err and "try again (1 try left)" in err and "differ" in err, err
    assert len(prompts) == 5
    assert pin.verify_pin("4821", pin.load_record(tmp_path / "pin"))


def test_set_pin_gives_up_after_three_tries_with_exit_2(terminal, tmp_path, capsys):
    prompts = terminal("12", "1111", "4821", "4812", "never asked")
    assert cli.main(["set-pin"]) == 1
    err = capsys.readouterr().err
    assert "4 to 12 digits" in err and "differ" in err and "run kiosk set-pin again" in err, err
    assert len(prompts) == 4, "three tries: a refused PIN is not asked for twice"
    assert not (tmp_path / "pin").exists()


def test_set_pin_stops_at_end_of_input(terminal, tmp_path, capsys):
    terminal("4821")
    assert cli.main(["set-pin"]) == 1
    assert "no PIN was entered" in capsys.readouterr().err
    assert not (tmp_path / "pin").exists()


# --------------------------------------------------------------------------- warnings beside success
def test_pack_install_and_publish_print_the_decks_warnings(tmp_path, user_data, capsys, two_keys):
    deck = make_deck(tmp_path / "deck", extra=PAST_EVENT)
    assert cli.main(["validate", "--no-fit", str(deck)]) == 0
    validated = [line for line in capsys.readouterr().out.splitlines() if ": warning: " in line]
    assert validated and any("is in the past" in line for line in validated)

    bundle = tmp_path / "deck.zip"
    assert cli.main(["pack", str(deck), "--out", str(bundle)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if ": warning: " in line] == validated, "the same lines as validate"
    assert out[-1].startswith("kiosk: packed")

    assert cli.main(["install", str(bundle)]) == 0
    out = capsys.readouterr().out.splitlines()
    installed = [line for line in out if ": warning: " in line]
    assert installed == [f"{bundle}: deck.yaml" + line.split("deck.yaml", 1)[1] for line in validated], \
        "the same warnings, naming the bundle and the file inside it (as a refusal does), not the library"
    assert not any(str(user_data) in line for line in installed), out
    assert cli.main(["validate", "--no-fit", str(bundle)]) == 0
    assert [line for line in capsys.readouterr().out.splitlines() if ": warning: " in line] == installed
    assert out[-1].startswith("kiosk: installed")

    assert cli.main(["publish", str(deck), "--key", str(two_keys[0]), "--to", str(tmp_path / "pub")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line for line in out if ": warning: " in line] == validated


def test_a_deck_without_warnings_packs_with_one_line(tmp_path, capsys):
    assert cli.main(["pack", str(make_deck(tmp_path / "deck")), "--out", str(tmp_path / "d.zip")]) == 0
    assert capsys.readouterr().out.splitlines() == [f"kiosk: packed {tmp_path / 'deck'} into {tmp_path / 'd.zip'}"]


# --------------------------------------------------------------------------- the README's sample deck
def test_the_readme_yaml_has_no_placeholder_text():
    """Nothing in the README's YAML examples would show "..." on screen if copied."""
    yaml = "\n".join(re.findall(r"```yaml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL))
    assert yaml
    assert not re.search(r":\s*(\.\.\.|…)\s*[,}\]\n]", yaml), "a field's value is a placeholder"
