"""Any input gives problems, never an exception: random bytes and broken versions of the bundled deck
as ``deck.yaml``, and random bytes and broken versions of the starter file as ``settings.toml``.

Each example must come back from the loader (:func:`kiosk.deck.load_deck`,
:func:`kiosk.settings.load`) with every fault a located problem (a file, a line and a column of
1 or more). Hypothesis's deadline (generous, per example) guards against a hang; it is not a
measure of speed.

``make test`` runs a small, fixed set of examples. For a long search, set
``KIOSK_FUZZ_EXAMPLES`` (e.g. 5000): the examples are then random, and each fault found
belongs in ``tests/broken/`` once fixed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from kiosk import settings as kiosk_settings
from kiosk.deck import load_deck
from kiosk.deck.problems import has_errors

#: Examples per test when a long search is asked for (``KIOSK_FUZZ_EXAMPLES``), else ``None``.
LONG = int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "0")) or None


def fuzz(examples: int):
    """Hypothesis settings: ``examples`` fixed examples, or ``KIOSK_FUZZ_EXAMPLES`` random ones."""
    return settings(max_examples=LONG or examples, derandomize=LONG is None, deadline=2000,
                    database=None if LONG is None else settings.default.database,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


#: Text that means something to YAML, and text that has broken the loader or could.
TOKENS = ["&a ", "*a", "&a [*a, *a]", "*b", "!!python/object:os.system ", "!!binary ", "!tag ", "{", "}", "[",
          "]", ": ", ":", "- ", "-", "#", "|", "|-", ">", "? ", "---\n", "...\n", "'", '"', "\\", "\t", "%YAML 1.2\n",
          "<<: *a", "9" * 5000, "0x" + "f" * 300, "1e999", "-.inf", ".nan", "\x00", "\ufeff", "\u202e", "\r", "\n",
          "~", "null", "no", "10:30", "2025-02-30", "[" * 100, "{a: " * 40, ", ", "@", "`", "%", "*", "&"]

DECK_LINES = (BUNDLED / "deck.yaml").read_text(encoding="utf-8").splitlines(keepends=True)


@st.composite
def mutated_deck(draw) -> str:
    """The bundled deck's text with a few lines deleted, doubled, swapped, re-indented or written into."""
    lines = list(DECK_LINES)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["delete", "double", "swap", "indent", "token", "text"]))
        at = draw(st.integers(0, len(lines) - 1))
        line = lines[at]
        if kind == "delete":
            del lines[at]
        elif kind == "double":
            lines.insert(at, line)
        elif kind == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], line
        elif kind == "indent":
            shift = draw(st.integers(-4, 4))
            lines[at] = line[-shift:] if shift < 0 and line[:-shift].strip() == "" else " " * max(shift, 0) + line
        else:
            insert = draw(st.sampled_from(TOKENS)) if kind == "token" else draw(st.text(max_size=8))
            col = draw(st.integers(0, len(line)))
            lines[at] = line[:col] + insert + line[col:]
        if not lines:
            break
    return "".join(lines)


def check_deck(folder: Path, data: bytes) -> None:
    (folder / "deck.yaml").write_bytes(data)
    result = load_deck(folder)
    assert result.ok or has_errors(result.problems), "a deck that is not valid says why"
    for problem in result.problems:
        # A place in the file (line and column from 1), or none: the file whole (0, 0), as for a
        # deck.yaml that is a zip file (kiosk.deck.problems.Problem: line 0 is no place in a file).
        placed = problem.line >= 1 and problem.col >= 1
        assert problem.file.endswith("deck.yaml") and (placed or problem.line == problem.col == 0), str(problem)
        assert problem.message and isinstance(problem.message, str)


def deck_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="kiosk-fuzz-deck-"))


FOLDER = deck_folder()


@fuzz(40)
@given(st.binary(max_size=2000))
def test_any_bytes_as_a_deck_give_located_problems(data):
    check_deck(FOLDER, data)


@fuzz(40)
@given(st.lists(st.sampled_from(TOKENS + list("abc xyz:-\n  ")), max_size=60).map(lambda parts: "".join(parts).encode()))
def test_any_yaml_tokens_as_a_deck_give_located_problems(data):
    check_deck(FOLDER, data)


@fuzz(60)
@given(mutated_deck())
def test_a_broken_version_of_the_bundled_deck_gives_located_problems(text):
    check_deck(FOLDER, text.encode("utf-8", "surrogatepass"))


STARTER_LINES = (kiosk_settings.STARTER.replace("\n# ", "\n") + "[opening_hours]\nmon = [\"09:00-17:00\"]\n"
                 ).splitlines(keepends=True)


@st.composite
def mutated_settings(draw) -> str:
    lines = list(STARTER_LINES)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines) - 1))
        insert = draw(st.sampled_from(["[", "]", "{", "}", "=", '"', "'", "#", "9" * 5000, "[" * 2000, "a.",
                                       "\x00", "\\u", "\\u0000", 'library = "a\\u0000"\n', "1979-05-27T07:32:00Z", "inf", "[opening_hours]\n", "\n"]))
        col = draw(st.integers(0, len(lines[at])))
        lines[at] = lines[at][:col] + insert + lines[at][col:]
    return "".join(lines)


def check_settings(data: bytes) -> None:
    file = FOLDER / "settings.toml"
    file.write_bytes(data)
    effective = kiosk_settings.load(file)
    assert isinstance(effective.settings, (kiosk_settings.Settings, kiosk_settings.PlainSettings))
    for problem in effective.problems:
        assert problem.file == str(file) and problem.line >= 1 and problem.col >= 1, str(problem)
    kiosk_settings.describe(effective)  # what `kiosk config` prints


@fuzz(30)
@given(st.binary(max_size=500))
def test_any_bytes_as_settings_give_located_problems(data):
    check_settings(data)


@fuzz(30)
@given(mutated_settings())
def test_a_broken_version_of_the_starter_settings_gives_located_problems(text):
    check_settings(text.encode("utf-8", "surrogatepass"))


def test_a_deck_yaml_holding_a_zip_file_is_one_problem_of_the_file_whole():
    result = load_deck(_zip_deck_folder())
    assert not result.ok
    assert [(problem.line, problem.col) for problem in result.problems] == [(0, 0)]
    assert "zip" in result.problems[0].message


def _zip_deck_folder() -> Path:
    folder = deck_folder()
    (folder / "deck.yaml").write_bytes(b"PK\x03\x04")
    return folder
