"""A text column's size search (parts/FitColumn.qml ``refit``) tries few sizes yet ends at the
very size that halving [kMin, kMax] eight times ends at (with larger text, [kMin, kUsual] or
[kUsual, kMax], whichever holds the edge): the picture on screen and the verdicts of
``kiosk validate`` are those of the plain halving search."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.deck import load_deck
from kiosk.player.navigator import Position, all_positions
from kiosk.qt.offscreen import wait_fitted

#: The plain search: kMax if it fits, else kMin if it does not, else eight halvings of the
#: interval, the last size that fitted kept. With a second grid above kUsual (larger text), the
#: interval is the half of [kMin, kMax] that kUsual fitting or not says holds the edge. Returns
#: [k found, sizes tried].
HALVING = r"""
(function (box) {
    var col = box.children[0], tried = 0;
    function layoutAll(item) {
        for (var i = 0; i < item.children.length; ++i)
            layoutAll(item.children[i]);
        if (typeof item.forceLayout === "function")
            item.forceLayout();
    }
    function fits(trial) {
        ++tried;
        box.k = trial;
        layoutAll(col);
        return col.implicitHeight <= box.height + 1 && (trial <= 1 || box.wordsFit(col));
    }
    box.fitting = true;
    var low = box.kMin, high = Math.max(box.kMin, box.kMax);
    if (box.gridTop > 256) {
        if (fits(box.kUsual)) low = box.kUsual; else high = box.kUsual;
    }
    if (fits(high)) {
        low = high;
    } else if (!fits(low)) {
        high = low;
    } else {
        for (var i = 0; i < 8; ++i) {
            var middle = (low + high) / 2;
            if (fits(middle)) low = middle; else high = middle;
        }
    }
    fits(low);
    box.fitting = false;
    return [low, tried];
})
"""


def columns(player) -> list:
    return [item for item in player.items() if item.property("kMin") is not None and item.isVisible()
            and item.property("fitting") is not None]


def compare(player) -> list[tuple[float, float]]:
    """(k the column found, k the halving search finds) for each visible text column."""
    halving = player.engine.evaluate(HALVING)
    found = []
    for column in columns(player):
        k = column.property("k")
        result = halving.call([player.engine.newQObject(column)])
        found.append((k, result.property(0).toNumber()))
        column.setProperty("k", k)
    return found


@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_column_of_the_bundled_deck_ends_where_halving_ends(make_player, size):
    player = make_player(size=size)
    seen = 0
    for position in all_positions(player.deck):
        player.backend.display(position)
        wait_fitted([player.window])
        for k, reference in compare(player):
            assert k == reference, (position, k, reference)
            seen += 1
    assert seen >= 20


def test_with_larger_text_every_column_ends_where_halving_ends(make_player):
    """Larger text searches two grids, [kMin, kUsual] (that of normal text) and [kUsual, kMax]:
    columns at both ends of the text's range (grown past kUsual, shrunk below it) end where the
    plain halving of the half holding their edge ends."""
    player = make_player(size=(1280, 800))
    player.backend.toggleLargeText()
    found = []
    for position in all_positions(player.deck):
        player.backend.display(position)
        wait_fitted([player.window])
        for column in columns(player):
            assert column.property("gridTop") == 512
        found += compare(player)
    assert all(k == reference for k, reference in found), found
    assert any(k > 1.5 for k, _ in found) and any(k < 1 for k, _ in found)


WORDS = "the helpline is free and confidential interpreters are available for over two hundred languages".split()


@pytest.fixture(scope="module")
def lengths_deck(tmp_path_factory):
    """A deck of text slides whose body has 1, 2, 4, ... 512 words (and bullets on some)."""
    folder = tmp_path_factory.mktemp("lengths")
    slides = []
    for n in range(10):
        body = " ".join(WORDS[i % len(WORDS)] for i in range(2 ** n))
        bullets = "".join(f"\n      - {' '.join(WORDS[:3 + i])}" for i in range(n % 4))
        slides.append(f"  - id: s{n}\n    type: text\n    title: Slide {n} of many words\n    body: {body}\n"
                      + (f"    bullets:{bullets}\n" if bullets else ""))
    (folder / "deck.yaml").write_text("deck: {id: lengths, title: Lengths}\nslides:\n" + "".join(slides),
                                      encoding="utf-8")
    return load_deck(folder)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slide=st.integers(0, 9), width=st.integers(700, 2400), height=st.integers(600, 2000))
def test_any_text_at_any_size_ends_where_halving_ends(make_player, lengths_deck, slide, width, height):
    player = make_player(lengths_deck, size=(width, height))
    player.backend.display(Position(slide))
    wait_fitted([player.window])
    found = compare(player)
    assert found and all(k == reference for k, reference in found), found


def test_a_column_that_fits_at_its_largest_size_tries_one_size(make_player, lengths_deck):
    player = make_player(lengths_deck)
    player.backend.display(Position(0))  # a word of body: room to spare
    wait_fitted([player.window])
    [column] = columns(player)
    assert column.property("k") == column.property("kMax")
    tried = []
    column.setProperty("k", 1)
    k = column.property("kMax")
    count = player.engine.evaluate(
        "(function (box) { var n = 0; box.kChanged.connect(function () { ++n }); box.refit(); return n })")
    tried.append(count.call([player.engine.newQObject(column)]).toInt())
    assert column.property("k") == k and tried == [1]


def labels(player, name: str) -> list[str]:
    """The texts laid out by the label of each control named ``name``: none for a hidden one, whose
    label is not made (TouchButton.qml: its Loader ``shown``)."""
    from helpers.gui import type_name

    buttons = [i for i in player.items() if i.objectName() == name]
    assert buttons, name
    return [label.property("text") for button in buttons for child in button.childItems()
            for label in [child, *child.childItems()] if type_name(label) == "ControlLabel"]


FOOTER_CONTROLS = ("previous", "next", "resume", "language", "largeText", "highContrast")


def test_hidden_controls_lay_no_label_out_until_they_show(make_player):
    from helpers.gui import pick_language

    player = make_player()
    assert not player.backend.paused
    # Until a visitor first touches the screen the footer's controls are only their places:
    # no control, no label; the quick exit is made but lays no label out while hidden.
    for name in FOOTER_CONTROLS:
        assert not [i for i in player.items() if i.objectName() == name], name
    assert labels(player, "quickExit") == []
    assert labels(player, "pause") == [player.find("pause").property("text")]
    player.tap_background()
    for name in (*FOOTER_CONTROLS, "quickExit"):
        assert labels(player, name) == [player.find(name).property("text")], name
    player.sync()  # the hidden Pause's label goes at the next turn of the event loop
    assert labels(player, "pause") == []
    english = labels(player, "next")
    pick_language(player, "pl")  # the labels follow the language while they show
    assert labels(player, "next") == [player.find("next").property("text")] != english
    # Played again: the controls are kept, hidden, with no label.
    player.backend.resume()
    player.sync()
    for name in (*FOOTER_CONTROLS, "quickExit"):
        assert labels(player, name) == [], name


def test_a_held_column_keeps_its_size_until_let_go(make_player, lengths_deck):
    player = make_player(lengths_deck)
    player.backend.display(Position(6))  # 64 words: shrunk to fit
    wait_fitted([player.window])
    [column] = columns(player)
    k = column.property("k")
    column.setProperty("held", True)
    player.window.resize(1300, 1080)  # a narrower window (the same scale): the column no longer fits at k
    wait_fitted([player.window])
    assert column.property("k") == k and column.property("implicitHeight") > column.height() + 1
    column.setProperty("held", False)
    wait_fitted([player.window])
    assert column.property("k") < k
    [(found, reference)] = compare(player)
    assert found == reference


#: Refit the column with the given hints and count the sizes it tries: [k found, grid found, sizes tried].
HINTED = r"""
(function (box, hints) {
    var n = 0;
    function count() { ++n; }
    box.kChanged.connect(count);
    box.k = box.kMin === 0.5 ? 0.6 : 0.5;  // a k no fit ends at, so each size tried is a change
    n = 0;
    box.hints = hints;
    box.refit();
    box.kChanged.disconnect(count);
    box.hints = [];
    return [box.k, box.grid, n];
})
"""


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slide=st.integers(0, 9), height=st.integers(600, 1400),
       hints=st.lists(st.integers(0, 256), max_size=3))
def test_hinted_sizes_end_where_halving_ends(make_player, lengths_deck, slide, height, hints):
    # The fit check hints at the sizes found in other languages (kiosk/qt/fit.py): right or
    # wrong, the column ends at the size the plain halving search ends at.
    player = make_player(lengths_deck, size=(1920, height))
    player.backend.display(Position(slide))
    wait_fitted([player.window])
    hinted = player.engine.evaluate(HINTED)
    for column in columns(player):
        k, grid, _ = hinted.call([player.engine.newQObject(column), player.engine.toScriptValue(hints)]).toVariant()
        result = player.engine.evaluate(HALVING).call([player.engine.newQObject(column)])
        assert k == result.property(0).toNumber(), (hints, k)
        column.setProperty("k", k)
        assert grid == column.property("grid")


def test_a_right_hint_tries_two_sizes(make_player, lengths_deck):
    player = make_player(lengths_deck)
    player.backend.display(Position(7))  # 128 words: shrunk to fit
    wait_fitted([player.window])
    [column] = columns(player)
    grid, k = column.property("grid"), column.property("k")
    assert 0 < grid < 256
    hinted = player.engine.evaluate(HINTED)
    found = hinted.call([player.engine.newQObject(column), player.engine.toScriptValue([grid])]).toVariant()
    assert found == [k, grid, 2]  # the hint, then the size above it, which does not fit
    unhinted = hinted.call([player.engine.newQObject(column), player.engine.toScriptValue([])]).toVariant()
    assert unhinted[:2] == [k, grid] and unhinted[2] > 2


#: Lay the column out at k, then refit it with no hints: [k found, grid found, the sizes tried].
FROM_K = r"""
(function (box, k) {
    var tried = [];
    box.hints = [];
    box.k = k;
    function note() { tried.push(box.k); }
    box.kChanged.connect(note);
    box.refit();
    box.kChanged.disconnect(note);
    return [box.k, box.grid, tried];
})
"""


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slide=st.integers(0, 9), height=st.integers(600, 1400), start=st.floats(0.5, 1.7) | st.just(1.0))
def test_a_search_from_the_size_laid_out_ends_where_halving_ends(make_player, lengths_deck, slide, height, start):
    # The size a column is laid out at when its search starts (1 on a slide just made) bounds
    # the search without a layout; from any size, it ends where the plain halving search ends.
    player = make_player(lengths_deck, size=(1920, height))
    player.backend.display(Position(slide))
    wait_fitted([player.window])
    search = player.engine.evaluate(FROM_K)
    for column in columns(player):
        k, grid, _tried = search.call([player.engine.newQObject(column), start]).toVariant()
        result = player.engine.evaluate(HALVING).call([player.engine.newQObject(column)])
        assert k == result.property(0).toNumber(), (start, k)
        column.setProperty("k", k)
        assert grid == column.property("grid")


def test_a_column_too_tall_at_its_usual_size_is_not_laid_out_larger(make_player, lengths_deck):
    player = make_player(lengths_deck)
    player.backend.display(Position(9))  # 512 words: too tall at k 1
    wait_fitted([player.window])
    [column] = columns(player)
    k, _grid, tried = player.engine.evaluate(FROM_K).call([player.engine.newQObject(column), 1.0]).toVariant()
    assert k < 1 and tried and max(tried) < 1, tried
