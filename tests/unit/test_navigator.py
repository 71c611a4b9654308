"""The navigation state machine, driven with a fake clock (plain numbers of seconds)."""

from __future__ import annotations

from kiosk.deck import load_deck
from kiosk.player.navigator import AUTO, IDLE, TOUCH, Navigator, Position, loop_positions


def make(write_deck, extra=""):
    folder = write_deck(f"""
        deck: {{id: nav, title: Nav, dwell: 10, idle_timeout: 45}}
        slides:
          - {{id: a, type: title, title: A}}
          - {{id: b, type: text, title: B, duration: 5}}
          - id: signs
            type: signs
            title: Spot the signs
            pages:
              - {{id: p1, title: One}}
              - {{id: p2, title: Two}}
          - {{id: help, type: helpline, phone: "08000 121 700"}}
        {extra}""")
    result = load_deck(folder)
    assert result.ok, [str(p) for p in result.problems]
    shown = []
    return Navigator(result.deck, 0.0, on_show=shown.append), shown


def test_loop_order_includes_signs_pages(write_deck):
    nav, _ = make(write_deck)
    assert loop_positions(nav.deck) == [Position(0), Position(1), Position(2), Position(2, "p1"),
                                        Position(2, "p2"), Position(3)]


def test_attract_loop_advances_after_each_dwell_and_counts_cycles(write_deck):
    nav, shown = make(write_deck)
    assert nav.tick(9.99) is None
    assert nav.tick(10.0).position == Position(1)
    assert nav.next_deadline() == 15.0  # slide b's own duration
    t = 15.0
    while nav.cycles == 0:
        assert nav.tick(t) is not None
        t = nav.next_deadline()
    assert [s.position for s in shown] == [Position(1), Position(2), Position(2, "p1"), Position(2, "p2"),
                                           Position(3), Position(0)]
    assert all(s.trigger == AUTO for s in shown)
    assert shown[-1].cycle_completed and nav.cycles == 1


def test_touch_pauses_and_idle_timeout_counts_from_last_touch(write_deck):
    nav, shown = make(write_deck)
    nav.touch(3.0)
    assert nav.interactive
    assert nav.tick(20.0) is None  # paused: no auto-advance
    nav.touch(40.0)
    assert nav.tick(84.9) is None
    back = nav.tick(85.0)
    assert back.trigger == IDLE and back.position == Position(0)
    assert not nav.interactive
    assert nav.tick(94.9) is None and nav.tick(95.0).position == Position(1)


def test_idle_return_from_a_signs_page(write_deck):
    """cases/scenarios.md 3: into spot the signs, open a page, tap at 5 s, leave it."""
    nav, shown = make(write_deck)
    assert nav.go_to("signs", 1.0).trigger == TOUCH
    assert nav.open_page("p2", 2.0).position == Position(2, "p2")
    nav.touch(5.0)
    assert nav.next_deadline() == 50.0
    assert nav.tick(49.0) is None
    assert nav.tick(50.0).trigger == IDLE
    assert nav.position == Position(0)


def test_no_input_for_hours_never_pauses(write_deck):
    nav, shown = make(write_deck)
    t = 0.0
    for _ in range(3000):
        t = nav.next_deadline()
        nav.tick(t)
    assert not nav.interactive and nav.cycles == 500
    assert not any(s.trigger == IDLE for s in shown)


def test_next_and_previous_walk_pages_then_slides(write_deck):
    nav, _ = make(write_deck)
    nav.go_to("signs", 0)
    assert nav.next(1).position == Position(3)  # from the menu: next slide
    nav.go_to("signs", 2)
    nav.open_page("p1", 3)
    assert nav.next(4).position == Position(2, "p2")
    assert nav.next(5).position == Position(3)
    nav.go_to("signs", 6)
    nav.open_page("p2", 7)
    assert nav.previous(8).position == Position(2, "p1")
    assert nav.previous(9).position == Position(2)
    assert nav.previous(10).position == Position(1)
    assert nav.back(11) is None  # not on a page


def test_wraps_around_and_ignores_unknown_targets(write_deck):
    nav, _ = make(write_deck)
    assert nav.previous(1).position == Position(3)
    assert nav.next(2).position == Position(0)
    assert nav.go_to("nope", 3) is None
    assert nav.open_page("p1", 4) is None  # not on a signs slide
    assert nav.first_of_type("helpline") == "help"
