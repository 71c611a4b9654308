"""The text-fit check lays views out without drawing them, in one engine per process, and finds
exactly the misfits a full reference run finds: every view made afresh in its own drawn window per
size, waited on frame by frame (the check as it was before it was made fast)."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import BUNDLED
from kiosk import i18n
from kiosk.deck import load_deck
from kiosk.player.navigator import Position, all_positions
from kiosk.qt import fit
from kiosk.qt.fit import SIZES, Misfit, control_words, find_misfits, too_wide_words
from kiosk.qt.offscreen import OffscreenPlayer, body_font, wait_fitted

SENTENCE = "Modern slavery is when someone takes away a person's freedom so as to use them for gain. "
POLISH = "Nie konfrontuj się z nikim sam. Zadzwoń na infolinię, jeśli coś cię niepokoi, o każdej porze. "


def text_slide(slide_id: str, title: str, body: str) -> str:
    return f"  - id: {slide_id}\n    type: text\n    title: {title}\n    body: {body}\n"


#: Every kind of slide, in three languages (one right to left); text that fits and text too long,
#: words that fit and words too wide for their line, text too long in one language only; slides
#: shown the same in every language (no translation) and events (whose dates are written out in
#: each language).
DECK = (
    "deck: {id: t, title: T, languages: [en, pl, ar], archive: true}\nslides:\n"
    "  - {id: cover, type: title, title: {en: Welcome, pl: Witamy, ar: أهلاً}, subtitle: Join us}\n"
    + text_slide("fits", "Fits", repr(SENTENCE * 12))
    + text_slide("too-long", "Too long", repr(SENTENCE * 32))
    + text_slide("polish", "{en: What to do, pl: Co robić}", "{en: Call us., pl: " + repr(POLISH * 30) + "}")
    + text_slide("long-word", "Sign up", repr("Form: forms.example.org/e/" + "Q" * 70 + "/viewform"))
    + text_slide("word-fits", "Fits", repr("A word " + "W" * 16 + " here"))
    + text_slide("word-too-wide", "Too wide", repr("A word " + "W" * 70 + " here"))
    + textwrap.indent(textwrap.dedent("""\
      - id: events
        type: events
        title: {en: Events, pl: Wydarzenia}
        events:
          - {title: Walk, date: 2019-10-19, start: "10:00", place: City Hall, body: A walk.}
          - {title: Talk, date: 2019-10-24, place: The Forum, body: A talk.}
      - id: signs
        type: signs
        title: {en: Spot the signs, pl: Rozpoznaj sygnały}
        pages:
          - {id: pay, title: {en: Pay, pl: Płaca}, body: Little or no pay.}
          - {id: long, title: Long, body: "{SIGNS}"}
      - {id: help, type: helpline, phone: "08000 121 700"}
    """).replace("{SIGNS}", SENTENCE * 32), "  ")
)


def reference(deck, folder, sizes, langs, positions) -> list[Misfit]:
    """The check as it was: one drawn window per size, each view made afresh in each language,
    waited on until drawn and fitted, then read; the controls after each language's views."""
    font = body_font()
    players = [OffscreenPlayer(deck, folder, size, font=font) for size in sizes]
    misfits: list[Misfit] = []
    try:
        windows = [player.window for player in players]
        for lang in langs:
            for player in players:
                player.set_language(lang)
            for position in positions:
                for player in players:
                    player.show(position, fitted=False)
                wait_fitted(windows)
                misfits += [Misfit(position, size, lang) for size, player in zip(sizes, players)
                            if player.overflowing()]
                for size, player in zip(sizes, players):
                    words = too_wide_words(player.content)
                    if words:
                        misfits.append(Misfit(position, size, lang, max(words, key=len)))
            for large in (False, True):
                for player in players:
                    if not player.backend.paused:
                        player.backend.tap()
                    if player.backend.largeText != large:
                        player.backend.toggleLargeText()
                wait_fitted(windows)
                for size, player in zip(sizes, players):
                    words = control_words(player.content)
                    if words:
                        misfits.append(Misfit(positions[-1], size, lang, max(words, key=len),
                                              "controls with larger text" if large else "controls"))
            for player in players:
                player.backend.toggleLargeText()
                player.backend.resume()
    finally:
        for player in players:
            player.close()
    return sorted(misfits, key=lambda m: (langs.index(m.lang), m.position.slide, sizes.index(m.size)))


@pytest.fixture
def small_deck(write_deck):
    result = load_deck(write_deck(DECK))
    assert result.ok, [str(p) for p in result.problems]
    return result


def test_the_fast_check_finds_what_the_reference_run_finds(kiosk_app, small_deck):
    deck, folder = small_deck.deck, small_deck.folder
    langs, positions = list(deck.deck.languages), all_positions(deck)
    expected = reference(deck, folder, SIZES, langs, positions)
    # Every kind of misfit is there to be found, in some languages only; what fits is not one.
    sizes: dict[tuple, set] = {}
    for m in expected:
        sizes.setdefault((m.position.slide, m.lang, bool(m.word)), set()).add(m.size)
    assert sizes[(2, "en", False)] == sizes[(6, "ar", True)] == sizes[(3, "pl", False)] == set(SIZES), expected
    assert (3, "en", False) not in sizes and (4, "ar", True) in sizes and (8, "pl", False) in sizes, expected
    assert not {m for m in expected if m.position.slide in (1, 5)}, expected
    assert find_misfits(deck, folder, workers=1) == expected


#: Prints the misfits of the deck in argv[1] found with argv[2] processes, one per line (with
#: argv[3] "ahead", the helpers started before the check, before this process has an application,
#: as kiosk validate does: with argv[4] "deck", told the deck, they make their player meanwhile;
#: with argv[5] "all", as many helpers as processes, so this process checks none itself; with
#: argv[3] "early", as many helpers started before the deck is read, then told it, as kiosk
#: validate starts them for a long deck; the last line says whether this process loaded Qt).
CHECK = ("import sys; from kiosk.qt.fit import find_misfits, start_early_helpers, start_helpers; "
         "early = start_early_helpers(int(sys.argv[2])) if sys.argv[3:4] == ['early'] else None; "
         "from kiosk.deck import load_deck; r = load_deck(sys.argv[1]); "
         "early and early.tell(r.deck, r.folder); "
         "ahead = (r.deck, r.folder) if sys.argv[4:5] == ['deck'] else None; "
         "count = int(sys.argv[2]) - (sys.argv[5:] != ['all']); "
         "helpers = start_helpers(count, ahead) if sys.argv[3:4] == ['ahead'] else early; "
         "[print(repr(m)) for m in find_misfits(r.deck, r.folder, workers=int(sys.argv[2]), helpers=helpers)]; "
         "print('Qt here:', 'PySide6.QtCore' in sys.modules)")


def test_helper_processes_find_what_one_process_finds(small_deck):
    # Each in a new process, as kiosk validate runs (this test's own process holds the test
    # session's Qt state, which helper processes do not inherit).
    import subprocess
    import sys

    def check(workers: int, *how: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", CHECK, str(small_deck.folder), str(workers), *how],
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert not done.stderr.strip(), done.stderr
        return done.stdout.splitlines()

    alone = check(1)
    assert len(alone) > 20 and any("lang='ar'" in line for line in alone) and alone[-1] == "Qt here: True"
    assert check(2) == alone
    assert check(2, "ahead") == alone
    assert check(2, "ahead", "deck") == alone
    assert check(2, "ahead", "deck", "all") == alone  # as kiosk validate: every view checked by a helper
    early = check(3, "early")  # as kiosk validate for a long deck: helpers started before it is read
    assert early[:-1] == alone[:-1] and early[-1] == "Qt here: False"


def test_controls_too_wide_are_found_as_by_the_reference_run(kiosk_app, small_deck, monkeypatch):
    deck, folder = small_deck.deck, small_deck.folder
    strings = i18n.ui_strings

    def long_next(lang: str) -> dict[str, str]:
        found = dict(strings(lang))
        if lang == "pl":
            found["next"] = "Następnynastępnynastępnynastępny"  # one word no button holds
        return found

    monkeypatch.setattr(i18n, "ui_strings", long_next)
    positions = [Position(0), Position(9)]
    expected = reference(deck, folder, SIZES, ["en", "pl"], positions)
    assert {m.controls for m in expected} >= {"controls", "controls with larger text"}, expected
    assert find_misfits(deck, folder, langs=["en", "pl"], positions=positions, workers=1) == expected


def test_views_shown_alike_in_several_languages_are_checked_once(small_deck, monkeypatch):
    deck = small_deck.deck
    langs, positions = ["en", "pl", "ar"], all_positions(deck)
    tasks = fit._tasks(deck, SIZES, positions, langs, None)
    assert all(len(task.langs) == 1 for task in tasks)  # each language has words of its own for the controls
    english = i18n.ui_strings("en")
    monkeypatch.setattr(i18n, "ui_strings", lambda lang: english)  # as for languages the kiosk has no words in
    tasks = fit._tasks(deck, SIZES, positions, langs, None)
    shared = {task.position.slide: task.langs for task in tasks if len(task.langs) > 1 and not task.controls}
    # Untranslated slides are shown alike in the left-to-right languages; not the translated ones,
    # nor the events, whose dates are written out in each language.
    assert shared[1] == shared[2] == ("en", "pl") and 0 not in shared and 7 not in shared
    views = [(task.size, task.position, lang) for task in tasks if not task.controls for lang in task.langs]
    assert len(views) == len(set(views)) and set(views) == {(size, p, lang) for size in SIZES for p in positions
                                                            for lang in langs}


def test_helpers_are_copies_of_a_process_with_no_application_yet():
    # Before its application is made, a single-threaded process may be copied (fork: no
    # interpreter to start); once Qt runs (its own threads), helpers are new interpreters.
    import subprocess
    import sys

    code = ("from kiosk.qt import fit; from kiosk.qt.offscreen import body_font; print(fit._may_fork()); "
            "body_font(); print(fit._may_fork())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


def test_a_helper_that_dies_leaves_its_views_to_this_process(kiosk_app, small_deck, monkeypatch):
    deck, folder = small_deck.deck, small_deck.folder
    expected = find_misfits(deck, folder, workers=1)
    monkeypatch.setattr(fit, "_worker", _dies)
    assert find_misfits(deck, folder, workers=2) == expected  # all checked here, none by the helper


def _dies(jobs, counter, results, *_how) -> None:
    """A helper that takes views and dies without a word."""
    import os

    _deck, _folder, _sizes, _at, _tasks, units = jobs.get()
    next(fit._next_tasks(counter, len(units)), None)
    os._exit(1)


def test_a_view_checked_once_for_several_languages_gives_each_the_same_misfits(kiosk_app, small_deck, monkeypatch):
    deck, folder = small_deck.deck, small_deck.folder
    english = i18n.ui_strings("en")
    monkeypatch.setattr(i18n, "ui_strings", lambda lang: english)
    positions = [Position(2), Position(3), Position(6)]
    expected = reference(deck, folder, SIZES, ["en", "pl"], positions)
    assert {(m.position.slide, m.lang) for m in expected} >= {(2, "en"), (2, "pl"), (3, "pl"), (6, "en"), (6, "pl")}
    assert find_misfits(deck, folder, langs=["en", "pl"], positions=positions, workers=1) == expected


def test_languages_showing_the_same_slide_share_it(small_deck):
    deck = small_deck.deck
    positions = all_positions(deck)
    tasks = [task for task in fit._tasks(deck, SIZES, positions, ["en", "pl", "ar"], None) if not task.controls]
    slides: dict[tuple, set[str]] = {}
    for task in tasks:
        slides.setdefault((task.size, task.position), set()).add(task.slide)
    # An untranslated slide is the same slide in every language, Arabic too (it mirrors with its
    # own text, not with the language); a translated one, or one with dates written out, is not.
    for position in (Position(1), Position(2), Position(5), Position(6)):
        assert len(slides[(SIZES[0], position)]) == 1
    for position in (Position(0), Position(7)):
        assert len(slides[(SIZES[0], position)]) == 3
    assert len(slides[(SIZES[0], Position(3))]) == 2  # Arabic shows the English of a slide in English and Polish
    # A page of signs reads the kiosk's own words ("back", "1 of 2"): not shared across languages.
    pages = [p for p in positions if p.page]
    assert fit._slide_words("signs-page")[0] == ("back", "page_of")
    assert all(len(slides[(SIZES[0], p)]) == 3 for p in pages)
    # Each slide is made once per size, by the first language that shows it; the others check
    # only what is around it, in their language. Each run one process checks is one language at one size.
    made = [(task.size, task.position, task.slide) for task in tasks if not task.around]
    assert len(made) == len(set(made)) == sum(len(found) for found in slides.values())
    for task in tasks:
        assert (task.size, task.position, task.slide) in set(made)
    units = fit._units(tasks, list(range(len(tasks))))
    assert len(units) >= len(SIZES) * 3 and [i for unit in units for i in unit] == list(range(len(tasks)))
    for unit in units:
        assert len({(tasks[i].size, tasks[i].langs[0]) for i in unit}) == 1
        assert sum(not tasks[i].around for i in unit) <= fit.UNIT_SLIDES


def test_slide_templates_read_no_more_of_the_language_than_their_words():
    # Every slide type has a template that depends on the language only through the kiosk's own
    # words it names: a template that read the language itself would not be shared.
    from kiosk.deck.model import SLIDE_TYPES

    for kind in [*SLIDE_TYPES, "signs-page"]:
        assert fit._slide_words(kind)[1] is False, kind
    assert fit._slide_words("no-such-type")[1] is True


def test_a_shared_slide_gives_each_language_the_verdict_of_a_fresh_one(kiosk_app, small_deck, monkeypatch):
    deck, folder = small_deck.deck, small_deck.folder
    strings = i18n.ui_strings

    def long_hint(lang: str) -> dict[str, str]:
        found = dict(strings(lang))
        if lang == "pl":  # in the footer of every view: a misfit in Polish only, around shared slides
            found["hint"] = "Dotknij" + "ekranu" * 30
        return found

    monkeypatch.setattr(i18n, "ui_strings", long_hint)
    positions = [Position(1), Position(2), Position(6)]
    expected = reference(deck, folder, SIZES, ["en", "pl", "ar"], positions)
    assert {(m.position.slide, m.lang) for m in expected if m.word.startswith("Dotknij")} == {
        (1, "pl"), (2, "pl"), (6, "pl")}, expected
    assert {(m.position.slide, m.lang) for m in expected if not m.word} >= {(2, "en"), (2, "pl"), (2, "ar")}
    made = []
    show = fit._Checker._show
    monkeypatch.setattr(fit._Checker, "_show", lambda self, position: made.append(position) or show(self, position))
    assert find_misfits(deck, folder, langs=["en", "pl", "ar"], positions=positions, workers=1) == expected
    # Each slide made once per size; the controls (over the last) once per language and size.
    assert len(made) == len(SIZES) * (len(positions) - 1 + 3), made


def test_fonts_kept_near_the_sizes_drawn_change_no_verdict(kiosk_app, small_deck, monkeypatch):
    deck, folder = small_deck.deck, small_deck.folder
    kept: list[int] = []
    keep = fit._Checker._keep_fonts

    def counted(self, font):
        keep(self, font)
        kept.append(len(self._fonts))

    monkeypatch.setattr(fit._Checker, "_keep_fonts", counted)
    found = find_misfits(deck, folder, workers=1)
    assert kept and kept[-1] > 2 * fit.KEPT_FONT_SIZES  # several fonts, each at many sizes
    monkeypatch.setattr(fit._Checker, "_keep_fonts", lambda self, font: None)  # no font kept: as before
    assert find_misfits(deck, folder, workers=1) == found


def test_a_font_is_kept_resolved_at_each_size_near_its_own(kiosk_app):
    import types

    from PySide6.QtGui import QFont, QFontInfo

    font = QFont(body_font())
    font.setPixelSize(40)
    checker = types.SimpleNamespace(_fonts={})
    fit._Checker._keep_fonts(checker, font)
    sizes = sorted(kept.pixelSize() for kept in checker._fonts.values())
    assert sizes == list(range(40 - fit.KEPT_FONT_SIZES, 40 + fit.KEPT_FONT_SIZES + 1))
    assert all(QFontInfo(kept).pixelSize() == kept.pixelSize() for kept in checker._fonts.values())
    assert font.key() in checker._fonts
    fit._Checker._keep_fonts(checker, font)  # kept already: nothing new
    assert len(checker._fonts) == len(sizes)


def test_pictures_laid_out_undrawn_have_the_size_of_drawn_ones(kiosk_app):
    """The fit check lays pictograms and QR codes out with no picture (Backend.pictures_drawn):
    every pictogram of the bundled deck's signs pages and every QR code of its slides keeps the
    place and size it has when drawn."""
    deck = load_deck(BUNDLED).deck
    positions = [p for p in all_positions(deck) if p.page or deck.slides[p.slide].type in ("helpline", "events")]
    assert positions

    def pictures(drawn: bool) -> list[tuple]:
        found = []
        with OffscreenPlayer(deck, BUNDLED, (1920, 1080)) as player:
            player.backend.pictures_drawn = drawn
            for position in positions:
                player.show(position)
                for item in fit._items(player.content):
                    if item.inherits("QQuickImage") and item.isVisible() and item.width() > 0:
                        where = item.mapToScene(item.boundingRect().topLeft())
                        found.append((position, item.objectName(), item.property("name"), item.width(), item.height(),
                                      round(where.x(), 2), round(where.y(), 2), not item.property("source").isEmpty()))
        return found

    drawn, undrawn = pictures(True), pictures(False)
    assert {entry[1] for entry in drawn} >= {"qrCode"} and any(entry[2] for entry in drawn), drawn
    assert drawn and all(shown for *_, shown in drawn)
    assert not any(shown for *_, shown in undrawn), [e for e in undrawn if e[-1]]
    assert [entry[:-1] for entry in drawn] == [entry[:-1] for entry in undrawn]


def test_processes_take_every_run_once_from_both_ends():
    # One process takes the runs of views from the front (the first size), the last helper from
    # the back (the last size): each run is taken once, and they meet.
    import multiprocessing

    counter = multiprocessing.get_context("spawn").Array("i", 2)
    front, back = fit._next_tasks(counter, 7), fit._next_tasks(counter, 7, from_back=True)
    taken = [next(front), next(back), next(back), next(front), next(front), next(back), next(front)]
    assert taken == [0, 6, 5, 1, 2, 4, 3]
    assert next(front, None) is None and next(back, None) is None


def made_and_reused(deck, folder, langs, size=(1920, 1080)) -> tuple[list, int]:
    """The misfits of every view of ``deck`` in ``langs`` at ``size`` checked in one checker, in
    task order, and how many views were shown in the slide on show rather than in one made."""
    tasks = fit._tasks(deck, (size,), all_positions(deck), langs, None)
    with OffscreenPlayer(deck, folder, size, font=body_font()) as player:
        checker = fit._Checker(player, None)
        found = [checker.check(task) for task in tasks]
    return found, checker.reused


def test_a_slide_given_the_next_view_finds_what_a_slide_made_for_it_finds(kiosk_app, small_deck, monkeypatch):
    deck, folder = small_deck.deck, small_deck.folder
    langs = list(deck.deck.languages)
    reused, count = made_and_reused(deck, folder, langs)
    assert count >= 6  # the text slides one after another, and the signs' pages
    monkeypatch.setattr(fit, "_REUSED", frozenset())
    made, none = made_and_reused(deck, folder, langs)
    assert none == 0 and reused == made


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slides=st.lists(st.tuples(st.sampled_from(["text", "title"]), st.integers(0, 60), st.integers(0, 4),
                                 st.sampled_from(["", "W" * 40])), min_size=2, max_size=5),
       size=st.sampled_from(SIZES))
def test_slides_given_views_in_any_order_find_what_slides_made_for_them_find(kiosk_app, write_deck, monkeypatch,
                                                                             slides, size):
    # Slides of one type in a row, long and short, with and without bullets and a word too wide,
    # in a left-to-right and a right-to-left language.
    rows = []
    for n, (kind, words, bullets, long_word) in enumerate(slides):
        body = " ".join((SENTENCE.split() * 8)[:words]) + (" " + long_word if long_word else "")
        if kind == "title":
            rows.append(f"  - {{id: s{n}, type: title, title: {{en: Slide {n}, ar: الشريحة {n}}}, subtitle: {body or 'x'!r}}}\n")
        else:
            items = "".join(f"\n      - {' '.join(SENTENCE.split()[:3 + i])}" for i in range(bullets))
            rows.append(f"  - id: s{n}\n    type: text\n    title: {{en: Slide {n}, ar: الشريحة {n}}}\n"
                        f"    body: {body or 'x'!r}\n" + (f"    bullets:{items}\n" if items else ""))
    result = load_deck(write_deck("deck: {id: r, title: R, languages: [en, ar]}\nslides:\n" + "".join(rows)))
    assert result.ok, [str(p) for p in result.problems]
    reused, _count = made_and_reused(result.deck, result.folder, ["en", "ar"], size)
    with monkeypatch.context() as patch:
        patch.setattr(fit, "_REUSED", frozenset())
        made, _none = made_and_reused(result.deck, result.folder, ["en", "ar"], size)
    assert reused == made


def checked_in_order(deck, folder, order: list[int], size) -> list:
    """What each task of ``deck`` (every language, at ``size``) finds, checked in one checker in
    the ``order`` given (indexes of the tasks), by task."""
    tasks = fit._tasks(deck, (size,), all_positions(deck), list(deck.deck.languages), None)
    found: dict[int, tuple] = {}
    with OffscreenPlayer(deck, folder, size, font=body_font()) as player:
        checker = fit._Checker(player, None)
        for index in order:
            found[index] = checker.check(tasks[index])
    return [found[index] for index in sorted(found)]


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), size=st.sampled_from(SIZES))
def test_a_slide_let_go_before_the_next_view_changes_no_verdict(kiosk_app, small_deck, monkeypatch, data, size):
    # The check lets go of a slide no later view is shown in (an events, signs or helpline slide)
    # before the text size or the language changes: views, what is around them and the controls,
    # checked in any order, find what they find with that slide kept on show.
    deck, folder = small_deck.deck, small_deck.folder
    count = len(fit._tasks(deck, (size,), all_positions(deck), list(deck.deck.languages), None))
    order = data.draw(st.permutations(range(count)))
    let_go = checked_in_order(deck, folder, order, size)
    monkeypatch.setattr(fit._Checker, "_let_go", lambda self: None)
    assert checked_in_order(deck, folder, order, size) == let_go


def test_a_process_that_checked_the_fit_is_frozen_at_exit():
    # The interpreter's last collections then skip its objects (kiosk validate ends sooner).
    import subprocess
    import sys

    code = ("import atexit, gc; atexit.register(lambda: print('frozen', gc.get_freeze_count() > 0)); "
            "from kiosk.qt import fit; fit._freeze_at_exit(); fit._freeze_at_exit(); print('registered')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["registered", "frozen", "True"]
