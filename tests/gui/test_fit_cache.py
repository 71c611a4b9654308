"""The text-fit check skips what it already knows, view by view: a view whose every input is as
when it was last checked is not laid out again, and the misfits are those of a full check."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk import checkcache, cli, paths
from kiosk.deck import load_deck
from kiosk.player.navigator import Position
from kiosk.qt import fit
from kiosk.qt.fit import SIZES, find_misfits

SENTENCE = "Modern slavery is when someone takes away a person's freedom so as to use them for gain. "


def deck_text(fits: str = "A short text.", caption: str = "A market") -> str:
    """A deck in two languages: text that fits, text too long, a word too wide, a picture."""
    return (
        "deck: {id: t, title: T, languages: [en, pl]}\nslides:\n"
        "  - {id: cover, type: title, title: {en: Welcome, pl: Witamy}}\n"
        f"  - {{id: fits, type: text, title: Fits, body: {json.dumps(fits)}}}\n"
        f"  - {{id: too-long, type: text, title: Too long, body: {json.dumps(SENTENCE * 32)}}}\n"
        f"  - {{id: wide, type: text, title: Wide, body: {json.dumps('A word ' + 'W' * 70 + ' here')}}}\n"
        f"  - {{id: market, type: image, image: market.png, alt: A market, caption: {json.dumps(caption)}}}\n"
    )


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "teal").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh cache folder (``XDG_CACHE_HOME``, as platformdirs reads it)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return paths.cache_dir() / "checks"


@pytest.fixture
def laid_out(monkeypatch):
    """The tasks laid out in this process (a spy on the checker), emptied by each check."""
    seen: list[fit._Task] = []
    check = fit._Checker.check

    def spy(self, task):
        seen.append(task)
        return check(self, task)

    monkeypatch.setattr(fit._Checker, "check", spy)
    return seen


@pytest.fixture
def folder(write_deck):
    folder = write_deck(deck_text())
    (folder / "market.png").write_bytes(png((400, 300)))
    return folder


def check(folder, laid_out, cached: bool = True) -> list[fit.Misfit]:
    laid_out.clear()
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    return find_misfits(result.deck, result.folder, workers=1, cached=cached)


def test_a_deck_checked_again_lays_no_view_out(kiosk_app, cache, folder, laid_out):
    fresh = check(folder, laid_out, cached=False)
    assert {m.position.slide for m in fresh} == {2, 3}, fresh  # misfits there are to be kept
    assert check(folder, laid_out) == fresh and laid_out  # checked, then kept
    assert check(folder, laid_out) == fresh
    assert laid_out == []


def test_an_edited_slide_alone_is_laid_out_again(kiosk_app, cache, folder, write_deck, laid_out):
    check(folder, laid_out)
    write_deck(deck_text(fits=SENTENCE * 32))  # now too long
    edited = check(folder, laid_out)
    assert {task.position for task in laid_out} == {Position(1)}
    assert {task.size for task in laid_out} == set(SIZES)
    assert edited == check(folder, laid_out, cached=False)
    assert any(m.position == Position(1) for m in edited)


def test_a_comment_changes_nothing_laid_out(kiosk_app, cache, folder, laid_out):
    check(folder, laid_out)
    with open(folder / "deck.yaml", "a", encoding="utf-8") as handle:
        handle.write("# checked by the coordinator\n")
    check(folder, laid_out)
    assert laid_out == []


def test_a_changed_picture_lays_its_view_out_again(kiosk_app, cache, folder, laid_out):
    before = check(folder, laid_out)
    (folder / "market.png").write_bytes(png((300, 900)))
    assert check(folder, laid_out) == check(folder, laid_out, cached=False)
    check(folder, laid_out)
    assert laid_out == []
    (folder / "market.png").write_bytes(png((400, 300)))  # as it was: known again
    assert check(folder, laid_out) == before and laid_out == []


def test_a_changed_language_string_lays_out_that_language_again(kiosk_app, cache, folder, laid_out, monkeypatch):
    from kiosk import i18n

    check(folder, laid_out)
    strings = i18n.ui_strings
    monkeypatch.setattr(i18n, "ui_strings", lambda lang: {**strings(lang), "next": "Dalej"} if lang == "pl"
                        else strings(lang))
    check(folder, laid_out)
    assert laid_out and {lang for task in laid_out for lang in task.langs} == {"pl"}


def test_views_around_a_kept_slide_are_checked_with_it_made_again(kiosk_app, cache, folder, laid_out, monkeypatch):
    # The untranslated slides are made in English only; when Polish changes (a word of the
    # footer too wide around every slide), the Polish views are laid out again, each making its
    # slide (the English views that made them are kept), with the verdicts of a full check.
    from kiosk import i18n

    check(folder, laid_out)
    strings = i18n.ui_strings
    monkeypatch.setattr(i18n, "ui_strings", lambda lang: {**strings(lang), "hint": "Dotknij" + "ekranu" * 30}
                        if lang == "pl" else strings(lang))
    kept = check(folder, laid_out)
    assert laid_out and not any(task.around for task in laid_out)
    assert {lang for task in laid_out for lang in task.langs} == {"pl"}
    assert kept == check(folder, laid_out, cached=False)
    assert {m.position.slide for m in kept if m.word.startswith("Dotknij")} == {0, 1, 2, 3, 4}, kept


@pytest.mark.parametrize("content", [b"{", b"\xff\xfe", b"[]", b" " * (checkcache.MAX_VERDICT_BYTES + 1)])
def test_a_corrupt_table_is_a_miss(kiosk_app, cache, folder, laid_out, content):
    fresh = check(folder, laid_out)
    count = len(laid_out)
    [table] = cache.glob(f"{fit._ViewCache.KIND}-*.json")
    table.write_bytes(content)
    assert check(folder, laid_out) == fresh and len(laid_out) == count


def test_hostile_entries_are_misses(kiosk_app, cache, folder, laid_out):
    fresh = check(folder, laid_out)
    count = len(laid_out)
    [table] = cache.glob(f"{fit._ViewCache.KIND}-*.json")
    data = json.loads(table.read_text())
    hostile = ["x", None, {}, [[0]], [[0, "w"]], [[1, ""]], [[7, "w"]], [[True, ""]], [[1, "w"], [0, ""]],
               [[0, ""], [0, ""]], [[2, "w"], [3, "w"]], [[0, ""], [1, "a"], [1, "b"]]]
    entries = data["facts"]["entries"]
    data["facts"]["entries"] = {key: hostile[n % len(hostile)] for n, key in enumerate(entries)}
    table.write_text(json.dumps(data))
    assert check(folder, laid_out) == fresh and len(laid_out) == count


TASKS = [fit._Task((1920, 1080), Position(2), ("en", "pl")),
         fit._Task((1280, 800), Position(4), ("pl",), controls=True, large=True)]
JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 5) | st.text(max_size=3),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=2),
                    max_leaves=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stored=JSON, task=st.sampled_from(TASKS))
def test_a_stored_verdict_is_one_the_check_could_give_or_a_miss(stored, task):
    found = fit._stored_misfits(task, stored)
    if found is None:
        return
    kinds = [kind for misfit, kind in found if misfit.lang == task.langs[0]]
    assert kinds == sorted(set(kinds)) and len(found) == len(kinds) * len(task.langs)
    for misfit, kind in found:
        assert (misfit.position, misfit.size) == (task.position, task.size) and misfit.lang in task.langs
        assert kind in ((2 + task.large,) if task.controls else (0, 1))
        assert bool(misfit.word) == (kind != 0) and bool(misfit.controls) == task.controls


def test_validate_uses_the_view_cache_unless_told_not_to(cache, folder, monkeypatch):
    asked: list[bool] = []

    def spy(deck, folder, *args, cached=False, **kwargs):
        asked.append(cached)
        return []

    monkeypatch.setattr(fit, "find_misfits", spy)
    assert cli.main(["validate", "--no-cache", str(folder)]) == 0
    with open(folder / "deck.yaml", "a", encoding="utf-8") as handle:
        handle.write("# again\n")  # not the whole deck's verdict, either
    assert cli.main(["validate", str(folder)]) == 0
    assert asked == [False, True]


def test_a_picture_named_in_another_unicode_form_is_keyed_by_its_bytes(kiosk_app, cache, write_deck, laid_out):
    import unicodedata

    folder = write_deck(deck_text().replace("market.png", "caf\u00e9.png"))  # NFC in deck.yaml
    picture = folder / unicodedata.normalize("NFD", "caf\u00e9.png")  # NFD on disk
    picture.write_bytes(png((400, 300)))
    check(folder, laid_out)
    picture.write_bytes(png((300, 900)))
    check(folder, laid_out)
    assert {task.position for task in laid_out} == {Position(4)}


def test_checks_of_two_decks_keep_each_others_views(kiosk_app, cache, folder, write_deck, laid_out):
    other = write_deck(deck_text(fits="Another short text."), name="other")
    (other / "market.png").write_bytes(png((400, 300)))
    check(folder, laid_out)
    check(other, laid_out)
    assert {task.position for task in laid_out} == {Position(1)}  # the rest is shown alike
    check(folder, laid_out)
    check(other, laid_out)
    assert laid_out == []


def test_validate_starts_helpers_ahead_only_for_a_first_check_of_a_large_deck(kiosk_app, cache, write_deck,
                                                                             monkeypatch):
    started: list[int] = []
    given: list[object] = []
    find = fit.find_misfits

    def start(count=None, ahead=None):
        started.append(1)
        return None  # no process: the check runs here

    def spy(deck, folder, *args, helpers=None, **kwargs):
        given.append(helpers)
        return find(deck, folder, *args, workers=1, helpers=helpers, **kwargs)

    monkeypatch.setattr(fit, "start_helpers", start)
    monkeypatch.setattr(fit, "find_misfits", spy)
    small = write_deck("deck: {id: s, title: S}\nslides:\n  - {id: a, type: title, title: Hello}\n", name="small")
    assert cli.main(["validate", "--no-cache", str(small)]) == 0
    assert started == []  # 3 views: not worth a second process
    folder = write_deck("deck: {id: t, title: T, languages: [en, pl]}\nslides:\n" + "".join(
        f"  - {{id: s{n}, type: text, title: {{en: Slide {n}, pl: Slajd {n}}}, body: Text.}}\n" for n in range(7)))
    assert cli.main(["validate", str(folder)]) == 0
    assert len(started) == 1  # 7 slides in 2 languages at 3 sizes, none checked before
    with open(folder / "deck.yaml", "a", encoding="utf-8") as handle:
        handle.write("# again\n")
    assert cli.main(["validate", str(folder)]) == 0
    assert len(started) == 1 and len(given) == 3  # its views' fit is in the cache now
    broken = write_deck("deck: {id: b, title: B}\nslides: 3\n", name="broken")
    assert cli.main(["validate", str(broken)]) == 1
    assert len(started) == 1 and len(given) == 3  # an invalid deck is not laid out
