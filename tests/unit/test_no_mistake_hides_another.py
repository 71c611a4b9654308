"""One mistake in a deck never hides another: ``kiosk validate`` reports every independent problem
in one run (:func:`kiosk.deck.load._check_the_rest`), and says in its summary line which checks
run only once the errors are fixed (:mod:`kiosk.deck.later`)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.deck import load_deck

TODAY = dt.date(2026, 12, 6)

#: A deck with a problem in each part that a check (not the model) finds: a picture not there, a
#: past event, a web link without https, a translation missing on one text of a slide, a
#: language no text is written in.
BASE = {
    "deck": {"id": "church-week", "title": {"en": "Freedom Sunday", "pl": "Niedziela"},
             "languages": ["en", "pl", "ro"], "dwell": 12},
    "slides": [
        {"id": "welcome", "type": "title", "title": {"en": "Welcome", "pl": "Witamy"},
         "subtitle": {"en": "Churches across Norfolk"}},
        {"id": "poster", "type": "image", "image": "poster.jpg", "alt": "Our poster"},
        {"id": "sunday", "type": "events", "title": "What is on",
         "events": [{"title": "Freedom Sunday", "date": "2019-10-20", "start": "10:00", "end": "11:00"}]},
        {"id": "help", "type": "helpline", "phone": "08000 121 700", "url": "http://example.org/"},
    ],
}

#: Mistakes the model finds, each in one field that nothing else depends on: (where, field, value).
#: ``where`` is ``"deck"`` or a slide's index.
MISTAKES = [
    ("deck", "dwell", "10s"), ("deck", "dwel", 10), ("deck", "idle_timeout", 0), ("deck", "review", "later"),
    ("deck", "theme", {"accent": "ffd166"}), ("deck", "organisation", {"EN": "Us"}),
    (0, "duration", "8s"), (0, "background", "x.jpg"), (0, "show_from", "2019-13-40"), (0, "weekdays", "mon"),
    (1, "fit", "fill"), (1, "duration", 1), (1, "caption", {"en": "a\u202etext"}),
    (2, "times", ["25:00-26:00"]), (2, "note", ["a list"]),
    (3, "call_label", {"Pl": "Zadzwoń"}), (3, "duration", -1),
]


def problems(folder) -> set[str]:
    return {f"{p.severity}: {p.message}" for p in load_deck(folder, today=TODAY).problems}


def write(folder, data) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")  # JSON is YAML


def with_mistakes(chosen: list[int]) -> dict:
    data = json.loads(json.dumps(BASE))
    for index in chosen:
        where, field, value = MISTAKES[index]
        (data["deck"] if where == "deck" else data["slides"][where])[field] = value
    return data


def test_the_base_deck_has_a_problem_in_each_part(tmp_path):
    write(tmp_path / "base", BASE)
    found = "\n".join(sorted(problems(tmp_path / "base")))
    for part in ("'poster.jpg' not found", "is in the past", "link starts http://", "no 'pl' version",
                 "no text is written in ro"):
        assert part in found, found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chosen=st.lists(st.integers(0, len(MISTAKES) - 1), min_size=1, max_size=4, unique=True))
def test_a_mistake_in_one_field_hides_no_problem_of_the_others(tmp_path_factory, chosen):
    folder = tmp_path_factory.mktemp("deck")
    write(folder / "base", BASE)
    write(folder / "bad", with_mistakes(chosen))
    before, after = problems(folder / "base"), problems(folder / "bad")
    assert any(line.startswith("error: ") for line in after), "each mistake is an error"
    assert before - after == set(), f"hidden by {[MISTAKES[i] for i in chosen]}"
    # and none that its fix would make untrue (archive: yes judged as false: events "not kept")
    assert [line for line in after - before if not line.startswith("error: ")] == [], [MISTAKES[i] for i in chosen]


def test_a_bad_archive_leaves_past_events_unjudged(tmp_path):
    # archive: yes (meant as true) is an error; its fix may keep the past events, so they are not warned of.
    data = with_mistakes([])
    data["deck"]["archive"] = "yes"
    write(tmp_path / "deck", data)
    found = "\n".join(sorted(problems(tmp_path / "deck")))
    assert "must be true or false" in found and "is in the past" not in found, found
    assert "'poster.jpg' not found" in found and "link starts http://" in found


def test_a_bad_language_code_leaves_the_others_checked_as_written(tmp_path):
    # One code the model refuses leaves the deck's other languages as they are, not the default [en].
    data = with_mistakes([])
    data["deck"]["languages"] = ["en", "pl", "EN_gb", "ro"]
    write(tmp_path / "deck", data)
    found = problems(tmp_path / "deck")
    assert not [line for line in found if "not in the deck's languages" in line], found
    assert problems(tmp_path / "deck") >= problems_of(tmp_path / "base", BASE)


def test_a_bad_first_language_leaves_out_the_checks_that_judge_texts_by_it(tmp_path):
    data = with_mistakes([])
    data["deck"]["languages"] = ["EN", "pl"]
    write(tmp_path / "deck", data)
    found = "\n".join(sorted(problems(tmp_path / "deck")))
    assert "'EN' is not a language code as the kiosk writes them" in found
    assert "text has no 'pl' version" not in found and "not in the deck's languages" not in found, found
    assert "'poster.jpg' not found" in found and "is in the past" in found


def problems_of(folder, data) -> set[str]:
    write(folder, data)
    return problems(folder)


def test_the_summary_says_which_checks_wait_for_the_errors(tmp_path, capsys):
    write(tmp_path / "deck", with_mistakes([0]))
    assert main(["validate", "--no-cache", str(tmp_path / "deck")]) == 1
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.endswith("; 2 more checks run once the errors are fixed: pictures as the player reads them, "
                         "text fit"), last
    assert main(["validate", "--no-cache", "--no-fit", str(tmp_path / "deck")]) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith(
        "; 1 more check runs once the errors are fixed: pictures as the player reads them")
    (tmp_path / "deck" / "deck.yaml").write_text("deck: {id: x\n", encoding="utf-8")  # not YAML
    assert main(["validate", "--no-cache", "--no-fit", str(tmp_path / "deck")]) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith(
        "; 2 more checks run once the errors are fixed: fields and slides, pictures as the player reads them")


#: A deck with a list of each kind that has a most number of items, each at its most: (slide
#: index, the list's path in the slide, an item, the most). A text with a zero-width space in it
#: is warned of wherever it is (:func:`kiosk.deck.checks._check_invisible`).
HIDDEN = "zero\u200bwidth"
FULL_LISTS = {
    "buttons": (0, ("buttons",), {"label": "Evenings", "goto": "evening"}, 4),
    "bullets": (0, ("bullets",), "A line", 12),
    "figures": (1, ("items",), {"value": "1", "label": "one", "source": "Someone", "year": 2020}, 4),
    "events": (2, ("events",), {"title": "Talk", "date": "2027-03-02"}, 6),
    "pages": (3, ("pages",), {"id": "p", "title": "A page"}, 9),
    "a page's bullets": (3, ("pages", 0, "bullets"), "A line", 8),
}
LISTS_DECK = {
    "deck": {"id": "lists", "title": "Lists", "timezone": "Europe/London"},
    "slides": [
        {"id": "menu", "type": "text", "title": "Menu"},
        {"id": "figures", "type": "stats", "title": "Figures", "items": []},
        {"id": "whats-on", "type": "events", "events": []},
        {"id": "signs", "type": "signs", "title": "Signs", "pages": [{"id": "first", "title": "First"}]},
        {"id": "evening", "type": "text", "title": "Evenings", "body": "Open late", "times": ["18:00-21:00"]},
        {"id": "help", "type": "helpline", "phone": "08000 121 700"},
    ],
}


def lists_deck(kind: str, count: int, last: object) -> dict:
    """:data:`LISTS_DECK` with every list at its most, the one of ``kind`` holding ``count`` items, the
    last of them ``last``."""
    data = json.loads(json.dumps(LISTS_DECK))
    for name, (index, path, item, most) in FULL_LISTS.items():
        *way, field = path
        holder = data["slides"][index]
        for part in way:
            holder = holder[part]
        items = [json.loads(json.dumps(item)) for _ in range(count if name == kind else most)]
        if name == kind:
            items[-1] = last
        for number, one in enumerate(items):  # page ids are unique within their slide
            if isinstance(one, dict) and "id" in one and one is not last:
                one["id"] = f"page-{number}" if number else "first"
        holder[field] = items
    return data


def with_text(item: object, text: str) -> object:
    """``item`` (a list item of :data:`FULL_LISTS`) with ``text`` as its words."""
    if isinstance(item, str):
        return text
    key = "label" if "label" in item else "title"
    return {**item, key: text} | ({"id": "last"} if "id" in item else {})


@pytest.mark.parametrize("kind", FULL_LISTS)
def test_a_list_of_too_many_items_still_has_each_item_checked(tmp_path, kind):
    # The count is one mistake; the items (the last, over the count, among them) are checked all the same.
    *_, item, most = FULL_LISTS[kind]
    full = problems_of(tmp_path / "full", lists_deck(kind, most, with_text(item, HIDDEN)))
    assert [line for line in full if "invisible on screen" in line] != [], full
    assert not [line for line in full if line.startswith("error: ")], full
    over = problems_of(tmp_path / "over", lists_deck(kind, most + 1, with_text(item, HIDDEN)))
    errors = [line for line in over if line.startswith("error: ")]
    assert len(errors) == 1 and f"has more than {most} " in errors[0], over
    assert [line for line in over if "invisible on screen" in line] != [], over
    # Every other note and warning of the full list is said of the list one too long.
    assert {line for line in full if "invisible" not in line} <= over, over


def test_a_list_of_too_many_buttons_still_has_its_buttons_checked(tmp_path, capsys):
    data = lists_deck("buttons", 6, {"label": "Nowhere", "goto": "nowhere"})
    write(tmp_path / "deck", data)
    assert main(["validate", "--no-cache", "--no-fit", str(tmp_path / "deck")]) == 1
    out = capsys.readouterr().out
    assert "field 'buttons': has more than 4 buttons" in out
    assert out.count("goes to slide 'evening', which is shown only at some times") == 5, out
    assert "slide 'menu': button goes to unknown slide 'nowhere'" in out, out


def test_a_list_of_too_many_items_hides_no_mistake_of_its_items(tmp_path):
    # Pydantic refuses a list too long without looking at its items: their own mistakes are still named,
    # in a list inside another (a page's bullets, among too many pages) too.
    data = lists_deck("buttons", 6, {"label": "Sixth", "goto": "Not A Slug"})
    data["slides"][0]["buttons"][0]["goto"] = "Also Bad"
    pages = data["slides"][3]["pages"]
    pages.append({"id": "tenth", "title": "Tenth", "bullets": ["x"] * 8 + [{"text": "y", "icon": "no-such-icon"}]})
    found = "\n".join(sorted(problems_of(tmp_path / "deck", data)))
    assert "field 'buttons': has more than 4 buttons" in found
    assert "field 'buttons[1].goto': must be a short name" in found, found
    assert "field 'buttons[6].goto': must be a short name" in found, found
    assert "field 'pages': has more than 9 pages" in found
    assert "field 'pages[10].bullets': has more than 8 bullet points" in found, found
    assert "field 'pages[10].bullets[9].icon': unknown pictogram 'no-such-icon'" in found, found
