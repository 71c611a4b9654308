"""What the tests of events slides read of a player: its event cards, and whether each shows its
day, time and place whole (EventsSlide.qml's item names)."""

from __future__ import annotations

from helpers.gui import scene_rect, shown, walk

FACTS = ("eventDate", "eventTime", "eventPlace")


def cards(player) -> list:
    """The event cards shown on the player's slide (QQuickItems), in item order."""
    return [item for item in walk(player.content) if item.objectName() == "eventCard" and shown(item)]


def readable_bottom(column) -> float:
    """The scene y above which a text of the card's column is read whole: the column's foot, or,
    when it is cut there, the middle of the fade drawn over its foot."""
    bottom = scene_rect(column).bottom()
    if column.property("overflowing"):
        bottom -= max(fade.height() for fade in column.childItems() if fade.objectName() == "fitFade") / 2
    return bottom


def assert_facts_whole(player, count: int) -> None:
    """Each card shows its day, time and place whole: visible, inside its card, above where its
    text column is cut, never cut short."""
    found = cards(player)
    assert len(found) == count
    for card in found:
        column = next(item for item in walk(card) if item.property("kMin") is not None and shown(item))
        items = {item.objectName(): item for item in walk(card) if item.objectName() in (*FACTS, "eventTitle")}
        assert set(items) == {*FACTS, "eventTitle"}
        for name in FACTS:
            item = items[name]
            if not item.property("text"):  # an event with no time (or place): nothing to show
                assert not shown(item)
                continue
            rect = scene_rect(item)
            assert shown(item), (card.property("eventTitle"), name)
            assert not item.property("truncated"), (card.property("eventTitle"), name)
            assert scene_rect(card).contains(rect), (card.property("eventTitle"), name, rect)
            assert rect.bottom() <= readable_bottom(column) + 1, (card.property("eventTitle"), name, rect)
        assert shown(items["eventTitle"]) and scene_rect(items["eventTitle"]).bottom() <= scene_rect(column).bottom() + 1
