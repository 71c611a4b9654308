"""The text sizes found before (kiosk.qt.fitmemo): a view made again starts each text column at
the size it found last time, and ends at the very size a column with no hints ends at, whatever
the memo says."""

from __future__ import annotations

from kiosk.player.navigator import all_positions
from kiosk.qt.fitmemo import FitMemo
from kiosk.qt.offscreen import wait_fitted


def text_columns(player) -> list:
    """The slide on show's text columns (FitColumn.qml), in item order, as Main.qml finds them."""
    layers = [item for item in player.items() if item.objectName() in ("layerA", "layerB") and item.property("item")]
    shown = max(layers, key=lambda layer: layer.property("opacity"))
    found = []

    def walk(item) -> None:
        if item.property("kMin") is not None and item.property("hints") is not None:
            found.append(item)
        for child in item.childItems():
            walk(child)

    walk(shown.property("item"))
    return found


def hints_of(column) -> list[int]:
    hints = column.property("hints")
    return [int(h) for h in (hints.toVariant() if hasattr(hints, "toVariant") else hints) or []]


def loop_once(player) -> dict[tuple, tuple[list, list]]:
    """Show every view of the deck once: ``{(slide, page): (grids found, hints given)}``."""
    seen = {}
    for position in all_positions(player.deck):
        player.backend.display(position)
        wait_fitted([player.window])
        view = player.backend.view
        columns = text_columns(player)
        seen[(view["id"], view.get("page") or "")] = ([c.property("grid") for c in columns],
                                                       [hints_of(c) for c in columns])
    player.backend.display(all_positions(player.deck)[0])  # the last view is noted as it goes
    wait_fitted([player.window])
    return seen


def test_a_view_shown_again_starts_from_the_sizes_it_found(make_player):
    memo = FitMemo(stored=False)
    player = make_player(fit_memo=memo)
    first = loop_once(player)
    assert len(memo) >= len(first) - 1  # every view but the first (made before the window was sized)
    again = loop_once(player)
    hinted = 0
    for view, (grids, hints) in again.items():
        assert grids == first[view][0], view  # the same sizes
        if grids:
            assert hints == [[grid] for grid in grids], view
            hinted += 1
    assert hinted >= 15


def test_wrong_sizes_in_the_memo_change_nothing_drawn(make_player):
    truth = FitMemo(stored=False)
    expected = loop_once(make_player(fit_memo=truth))
    wrong = FitMemo(stored=False)
    for key in list(truth._entries):
        wrong.note(key, [(grid + 97) % 257 for grid in truth.hints(key)])
    player = make_player(fit_memo=wrong)
    found = loop_once(player)
    misled = 0
    for view, (grids, hints) in found.items():
        assert grids == expected[view][0], view
        misled += any(hint != [grid] for hint, grid in zip(hints, grids))
    assert misled >= 10  # the wrong hints were given, and cost only sizes tried


def test_sizes_found_after_the_visitor_changed_the_language_are_not_kept(make_player):
    memo = FitMemo(stored=False)
    player = make_player(fit_memo=memo)
    backend = player.backend
    key = backend.fitKey(1920, 832)
    other = next(code for code in backend.deck.deck.languages if code != backend.language)
    backend.setLanguage(other)
    backend.noteFits(key, [120])
    assert memo.hints(key) == []
    key = backend.fitKey(1920, 832)
    backend.noteFits(key, [120])
    assert memo.hints(key) == [120]


def test_a_player_without_a_memo_gives_no_hints(make_player):
    player = make_player()
    assert player.backend.fitKey(1920, 832) == ""
    assert player.backend.fitHints("") == []
    player.backend.noteFits("", [1, 2])  # nothing to keep it in: no error


def test_a_kiosk_stopped_on_its_first_slide_keeps_the_sizes_it_found(make_player):
    memo = FitMemo(stored=False)
    player = make_player(fit_memo=memo)
    wait_fitted([player.window])
    grids = [column.property("grid") for column in text_columns(player)]
    assert grids and len(memo) == 0  # the first slide has not gone yet: nothing noted
    player.backend.stop()
    key = player.backend.fitKey(1920, 832)  # the slide area of the first view at 1920x1080
    assert memo.hints(key) == grids


def measures_of(player) -> list:
    """Every Widest (parts/Widest.qml) of the scene that has captions to measure."""
    found = []

    def walk(item) -> None:
        if item.property("measuredWide") is not None and item.property("key"):
            found.append(item)
        for child in item.childItems():
            walk(child)

    walk(player.window.contentItem())
    return found


def test_the_controls_measure_their_labels_once_and_take_the_measure_at_the_next_start(make_player):
    memo = FitMemo(stored=False)
    first = make_player(fit_memo=memo)
    wait_fitted([first.window])
    measured = {item.property("key"): (item.property("wide"), item.property("tall")) for item in measures_of(first)}
    assert len(measured) >= 2 and all(wide > 0 and tall > 0 for wide, tall in measured.values())
    assert all(memo.widths(key) == [wide, tall] for key, (wide, tall) in measured.items())
    second = make_player(fit_memo=memo)
    wait_fitted([second.window])
    again = measures_of(second)
    assert {item.property("key"): (item.property("wide"), item.property("tall")) for item in again} == measured
    assert all(not item.property("texts").toVariant() if hasattr(item.property("texts"), "toVariant")
               else not item.property("texts") for item in again)  # nothing laid out to measure


def test_a_measure_that_is_not_one_is_not_kept():
    memo = FitMemo(stored=False)
    for bad in ([0, 10], [10], [float("nan"), 3], [1e9, 2], ["a", 2], [True, 2], None):
        assert not memo.note_widths("k", bad)
    assert memo.widths("k") == []
    assert memo.note_widths("k", [120.5, 40])
    assert memo.widths("k") == [120.5, 40.0]
