"""No "<5" of ``kiosk stats`` can be worked out by subtraction: not within one report
(complementary suppression), nor by setting two reports of the same counts against each other
(every figure rounded down to a multiple of 5).

The checks read the reports as a reader does (the shown text, never the counts behind it) and
work out, by interval arithmetic, every value a hidden count could have: a figure ``"10"`` is a
count from 10 to 14, ``"<5"`` one from 1 to 4, ``"x"`` any count.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.stats import chart, report, store

BANDS = [label for _, label in store.LENGTHS]
KIOSKS = ["church", "library"]
DAYS = 6

# an interaction: (kiosk, day, hour 10-12, length band); all in the deck "fw"
interactions = st.lists(st.tuples(st.sampled_from(KIOSKS), st.integers(1, DAYS), st.integers(10, 12),
                                  st.sampled_from(BANDS[:3])), max_size=60)
# a language chosen: (kiosk, language, times)
chosen = st.lists(st.tuples(st.sampled_from(KIOSKS), st.sampled_from(["en", "pl", "ar"]),
                            st.integers(0, 9)), max_size=8)


def write_kiosk(path: Path, kiosk: str, visits: list, languages: list, deck: str = "fw") -> None:
    """A kiosk's counts file, consistent as the recorder writes it: each interaction in its hour
    and its band, and as a slide opened. ``visits`` may name the deck as a fifth item."""
    pending: store.Pending = {t: {} for t in store.TABLES}
    for who, day, hour, band, *on in visits:
        if who != kiosk:
            continue
        at = f"2026-10-{day:02d} {hour}:00"
        shown_deck = on[0] if on else deck
        pending["hours"].setdefault((at, shown_deck), [0, 0])[0] += 1
        pending["lengths"].setdefault((at, shown_deck, band), [0])[0] += 1
        pending["views"].setdefault((at, shown_deck, f"slide-{hour}", ""), [0, 0, 0, 0.0, 0])[1] += 1
    for who, language, times, *on in languages:
        if who == kiosk:
            pending["languages"].setdefault(("2026-10-01", on[0] if on else deck, language), [0])[0] += times
    store.write(path, pending)


def value_range(cell: str) -> tuple[float, float]:
    """What a reader knows of a shown count: the lowest and highest it can be.

    Also reads what reports showed before figures were rounded (a figure that is not a multiple
    of 5 is the count itself; ``"7 to 10"``, ``"40 or more"``), so these checks fail on them."""
    if cell == report.HIDDEN:
        return 1, 4
    if cell == report.SECONDARY:
        return 0, math.inf
    if (m := re.fullmatch(r"(\d+) to (\d+)", cell)):
        return int(m[1]), int(m[2])
    if (m := re.fullmatch(r"(\d+) or more", cell)):
        return int(m[1]), math.inf
    n = int(cell)
    return (n, n) if n % 5 else (n, n + 4) if n else (0, 0)


def values_left(low: float, high: float) -> float:
    """How many whole numbers lie from ``low`` to ``high``."""
    return max(0, high - low + 1)


def shown_tables(built: report.Report, exact: bool = False) -> dict[str, list[list[str]]]:
    """The report as the CSV a reader gets: section title -> rows of text (headers first)."""
    return {s.title: [s.headers, *s.cells(exact)] for s in built.sections}


def check_no_hidden_count_can_be_worked_out(built: report.Report, by_kiosk: bool) -> None:
    """Within one report: every count from 1 to 4 (shown as "<5" or hidden as "x") could still
    be at least two values, given every table that breaks down the same total and the summary."""
    tables, exact = shown_tables(built), shown_tables(built, exact=True)
    k = 1 if by_kiosk else 0

    def column(title: str, name: str) -> dict[str, list[tuple[str, int]]]:
        """kiosk -> [(shown, exact)] of one column."""
        headers, *rows = tables[title]
        at = headers.index(name)
        out: dict[str, list[tuple[str, int]]] = {}
        for row, true in zip(rows, exact[title][1:]):
            out.setdefault(row[0] if k else "", []).append((row[at], int(true[at])))
        return out

    linked = {
        0: [column("Interactions per day", "interactions"), column("Interaction length", "interactions")],
        1: [column("Interactions per day", "idle returns")],
        2: [column("Slides and pages", "shown by the loop")],
        3: [column("Slides and pages", "opened by touch")],
        4: [column("Slides and pages", "QR code on screen while touched")],
        5: [column("Languages chosen", "times chosen")],
    }
    for row, breakdowns in linked.items():
        summary_cell, summary_true = tables["Summary"][1 + row][1], int(exact["Summary"][1 + row][1])
        low, high = value_range(summary_cell)
        kiosks = sorted({kiosk for b in breakdowns for kiosk in b})
        # each kiosk's share as its own tables allow, then narrowed by the summary's total of all
        own = {}
        for kiosk in kiosks:
            sums = [[sum(value_range(c)[end] for c, _ in b[kiosk]) for end in (0, 1)] for b in breakdowns if kiosk in b]
            own[kiosk] = (max(s[0] for s in sums), min(s[1] for s in sums))
        everyone = (max(low, sum(o[0] for o in own.values())), min(high, sum(o[1] for o in own.values())))
        if 0 < summary_true < report.SMALL:
            assert values_left(*everyone) >= 2, (row, summary_cell, own)
        for kiosk in kiosks:
            rest = [own[j] for j in kiosks if j != kiosk]
            share = (max(own[kiosk][0], low - sum(r[1] for r in rest)), min(own[kiosk][1], high - sum(r[0] for r in rest)))
            for b in breakdowns:
                cells = b.get(kiosk, [])
                for i, (cell, true) in enumerate(cells):
                    if not 0 < true < report.SMALL:
                        continue
                    assert cell in (report.HIDDEN, report.SECONDARY), (cell, true)
                    others = [value_range(c) for j, (c, _) in enumerate(cells) if j != i]
                    own_low, own_high = value_range(cell)
                    can = (max(own_low, share[0] - sum(r[1] for r in others)),
                           min(own_high, share[1] - sum(r[0] for r in others)))
                    assert can[0] <= true <= can[1], "the reader's reasoning must hold for the true count"
                    assert values_left(*can) >= 2, (row, kiosk, [c for c, _ in cells], summary_cell, can)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(visits=interactions, languages=chosen)
def test_no_hidden_count_can_be_worked_out_from_any_table_or_total(tmp_path_factory, visits, languages):
    folder = tmp_path_factory.mktemp("sdc")
    for kiosk in KIOSKS:
        write_kiosk(folder / f"{kiosk}.db", kiosk, visits, languages)
    store.merge([folder / "library.db", folder / "church.db"], folder / "county.db")
    for path, by_kiosk in ((folder / "library.db", False), (folder / "county.db", False), (folder / "county.db", True)):
        built = report.build(path, by_kiosk=by_kiosk)
        check_no_hidden_count_can_be_worked_out(built, by_kiosk)
        # the charts show a table's figure, or the range several figures allow: never a count under 5
        summary = dict(zip([row[0] for row in built.section("Summary").rows], built.section("Summary").cells()))
        totals = {"Interactions per day": report.INTERACTIONS, "Languages chosen": report.LANGUAGES_CHOSEN,
                  "Slides and pages opened by touch (most opened)": report.TOUCH_OPENED}
        for title, items in chart.chart_data(built):
            most = value_range(summary[totals[title]][1])[1]
            for _, n in items:
                assert n is None or isinstance(n, tuple) or n == 0 or (n >= report.SMALL and n % 5 == 0), (title, n)
                # a range never goes past the total (one count hidden as x is drawn as no bar at all)
                assert not isinstance(n, tuple) or n == (0, math.inf) or n[0] < n[1] <= most, (title, n, most)


# --------------------------------------------------------------------------- two reports set against each other
def figures(built: report.Report, by_kiosk: bool) -> dict[tuple, tuple[str, int]]:
    """Every count a report shows: (section, kiosk, what the row is about, column) -> (shown, exact).

    The kiosk is ``""`` in a report without a column per kiosk."""
    out = {}
    for section in built.sections:
        names = [h for i, h in enumerate(section.headers)
                 if i not in section.counts and h != "kiosk" and not h.startswith("minutes")]
        for shown, true in zip(section.cells(), section.cells(exact=True)):
            row = dict(zip(section.headers, shown))
            kiosk = row["kiosk"] if by_kiosk and "kiosk" in row else ""
            for i in section.counts:
                out[(section.title, kiosk, tuple(row[n] for n in names), section.headers[i])] = (shown[i], int(true[i]))
    return out


def difference_left(bigger: tuple[str, int], smaller: tuple[str, int]) -> tuple[int, tuple[float, float]]:
    """The true difference of two figures' counts, and the range a reader works out for it by
    subtracting the shown figures."""
    (big, big_true), (small, small_true) = bigger, smaller
    b, s = value_range(big), value_range(small)
    return big_true - small_true, (b[0] - s[1], b[1] - s[0])


def check_differences(bigger: dict, smaller: dict, name: str) -> int:
    """For every figure of ``bigger`` (a figure ``smaller`` does not show being a count of 0 there):
    the difference of the two shown figures holds the true difference, and when that is a
    hidden count from 1 to 4 it leaves it at least three of 1 to 4 (two "<5": 1 to 3). Returns how
    many such were checked."""
    checked = 0
    for key, figure in bigger.items():
        other = smaller.get(key, ("0", 0))
        true, (low, high) = difference_left(figure, other)
        assert low <= true <= high, (name, key, figure, other)
        if 0 < true < report.SMALL:
            checked += 1
            assert values_left(max(1, low), min(4, high)) >= 3, (name, key, figure, other)
    return checked


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(visits=st.lists(st.tuples(st.sampled_from(KIOSKS), st.integers(1, DAYS), st.integers(10, 12),
                                 st.sampled_from(BANDS[:3]), st.sampled_from(["fw", "ad"])), max_size=60),
       languages=st.lists(st.tuples(st.sampled_from(KIOSKS), st.sampled_from(["en", "pl"]), st.integers(0, 9),
                                    st.sampled_from(["fw", "ad"])), max_size=6),
       last=st.integers(2, DAYS))
def test_two_reports_cut_differently_never_pin_a_hidden_count(tmp_path_factory, visits, languages, last):
    """The property: take two protected reports of the same counts, cut differently — days 1 to
    ``last`` and the same less its last day (``--until``) or its first (``--since``); a county
    file and one of its kiosks' own files; the county file with and without ``--by-kiosk``; all
    decks and one (``--deck``). For every count both show for the same thing (a summary line, a
    day, a length band, a slide, a language; in the ``--by-kiosk`` pair, the county's figure
    against one kiosk's), the counts behind the two figures differ by some d (the day left out,
    the other kiosk's or deck's share). A reader who subtracts the shown figures finds d within
    [lowest of the first - highest of the second, highest of the first - lowest of the second].
    That range always holds d, and when d is from 1 to 4 it leaves d at least three of 1 to 4
    (never one: the difference pins nothing)."""
    folder = tmp_path_factory.mktemp("cuts")
    for kiosk in KIOSKS:
        write_kiosk(folder / f"{kiosk}.db", kiosk, visits, languages)
    county = folder / "county.db"
    store.merge([folder / "library.db", folder / "church.db"], county)
    day = lambda n: dt.date(2026, 10, n)  # noqa: E731
    whole = figures(report.build(county, day(1), day(last)), False)
    pairs = [
        ("--until", whole, figures(report.build(county, day(1), day(last - 1)), False)),
        ("--since", whole, figures(report.build(county, day(2), day(last)), False)),
        ("own file", figures(report.build(county), False), figures(report.build(folder / "library.db"), False)),
    ]
    try:
        pairs.append(("--deck", figures(report.build(county), False), figures(report.build(county, deck="fw"), False)))
    except report.UnknownDeck:
        pass  # nothing counted for that deck
    by_kiosk = figures(report.build(county, by_kiosk=True), True)
    merged = figures(report.build(county), False)
    for kiosk in KIOSKS:  # the county's figure against one kiosk's column: the difference is the other kiosk's
        one = {(title, "", about, name): figure for (title, who, about, name), figure in by_kiosk.items() if who == kiosk}
        pairs.append((f"--by-kiosk {kiosk}", merged, one))
    for name, bigger, smaller in pairs:
        check_differences(bigger, smaller, name)


def test_the_testers_cut_by_until_no_longer_gives_a_hidden_count(tmp_path, capsys):
    """6 visitors on the 1st and 3 on the 2nd: the whole report and the one to the 1st used
    to say 9 and 6 (the 2nd was 3); both now say 5, which leaves the 2nd any of 1 to 4."""
    visits = [("library", 1, 10, BANDS[0])] * 6 + [("library", 2, 10, BANDS[0])] * 3
    write_kiosk(tmp_path / "one.db", "library", visits, [])
    totals = []
    for until in ("2026-10-02", "2026-10-01"):
        assert main(["stats", "--stats-file", str(tmp_path / "one.db"), "--until", until]) == 0
        out = capsys.readouterr().out
        assert main(["stats", "--stats-file", str(tmp_path / "one.db"), "--until", until,
                     "--csv", str(tmp_path / f"{until}.csv")]) == 0
        capsys.readouterr()
        totals.append(next(line for line in out.splitlines() if line.strip().startswith("interactions")).split()[-1])
        with open(tmp_path / f"{until}.csv", encoding="utf-8", newline="") as file:
            assert ["interactions (visitors who touched the screen)", totals[-1]] in list(csv.reader(file))
    assert totals == ["5", "5"]
    true, (low, high) = difference_left(("5", 9), ("5", 6))
    assert (low, high) == (-4, 4) and values_left(max(1, low), min(4, high)) == 4
    # every figure of the two reports that the 2nd's 3 is behind
    whole = figures(report.build(tmp_path / "one.db"), False)
    assert check_differences(whole, figures(report.build(tmp_path / "one.db", until=dt.date(2026, 10, 1)), False),
                             "--until") == 5  # the summary's interactions and slides opened, the day, the band, the slide
    assert report.build(tmp_path / "one.db").section("Summary").cells(exact=True)[0][1] == "9"  # --exact, on the kiosk


def test_the_testers_county_subtraction_no_longer_works(tmp_path, capsys):
    """library 6 and church 3 on one day: the county total used to say 9 beside library's 6."""
    visits = [("library", 1, 10, BANDS[0])] * 6 + [("church", 1, 10, BANDS[0])] * 3
    for kiosk in KIOSKS:
        write_kiosk(tmp_path / f"{kiosk}.db", kiosk, visits, [])
    assert main(["stats", "merge", str(tmp_path / "library.db"), str(tmp_path / "church.db"),
                 "--out", str(tmp_path / "county.db")]) == 0
    capsys.readouterr()
    assert main(["stats", "--stats-file", str(tmp_path / "county.db"), "--by-kiosk"]) == 0
    out = capsys.readouterr().out
    assert main(["stats", "--stats-file", str(tmp_path / "county.db"), "--by-kiosk",
                 "--csv", str(tmp_path / "county.csv")]) == 0
    capsys.readouterr()
    interactions = next(line for line in out.splitlines() if line.strip().startswith("interactions"))
    assert interactions.split()[-1] == "5", interactions
    assert re.search(r"church\s+2026-10-01\s+<5", out) and re.search(r"library\s+2026-10-01\s+5\b", out)
    with open(tmp_path / "county.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert ["interactions (visitors who touched the screen)", "5"] in rows
    assert ["library", "2026-10-01", "5", "0"] in rows and ["church", "2026-10-01", "<5", "0"] in rows
    # the same county without --by-kiosk, and library's own file: 5 and 5 again
    assert report.build(tmp_path / "county.db").section("Interactions per day").cells()[0][1] == "5"
    assert report.build(tmp_path / "library.db").section("Summary").cells()[0][1] == "5"


def test_a_chart_bar_of_several_kiosks_stays_within_the_reports_total(tmp_path):
    """One language chosen once at each of two kiosks: the county's summary says <5 (at most 4),
    so the bar adding the two kiosks' <5 (2 to 8 on their own) reads 2 to 4."""
    for kiosk in KIOSKS:
        write_kiosk(tmp_path / f"{kiosk}.db", kiosk, [], [(kiosk, "pl", 1)])
    store.merge([tmp_path / f"{kiosk}.db" for kiosk in KIOSKS], tmp_path / "county.db")
    built = report.build(tmp_path / "county.db", by_kiosk=True)
    assert dict(zip(*[[row[i] for row in built.section("Summary").cells()] for i in (0, 1)]))[
        report.LANGUAGES_CHOSEN] == report.HIDDEN
    assert [row[-1] for row in built.section("Languages chosen").cells()] == [report.HIDDEN, report.HIDDEN]
    languages = dict(chart.chart_data(built))["Languages chosen"]
    assert languages == [("pl", (2, 4))] and chart.label_of(languages[0][1]) == "2 to 4"
    assert chart.extent(languages[0][1]) == (2, 4)


def test_four_days_at_the_top_of_their_band_and_a_total_hide_a_second_count(tmp_path):
    """Days of 9, 9, 9, 9 (each shown 5: at most 9) and 4 (<5) under a total of 40 (shown 40,
    at least 40) would leave the <5 only 4: another day is hidden as x."""
    visits = [("library", day, 10, BANDS[0]) for day in (1, 2, 3, 4) for _ in range(9)]
    visits += [("library", 5, 10, BANDS[1])] * 4
    write_kiosk(tmp_path / "one.db", "library", visits, [])
    built = report.build(tmp_path / "one.db")
    days = [row[1] for row in built.section("Interactions per day").cells()]
    assert days.count(report.SECONDARY) == 1 and days[-1] == report.HIDDEN, days
    assert built.section("Summary").cells()[0][1] == "40"
    check_no_hidden_count_can_be_worked_out(built, by_kiosk=False)
    assert report.LEGEND_SECONDARY.strip() in report.text(built)


def test_a_quiet_kiosks_single_visits_are_not_pinned_by_the_length_table(tmp_path):
    """One visit on each of four days, all under 10 s: the days (four <5, at least 4) and the
    band (<5, at most 4) would pin the band to 4 and each day to 1."""
    visits = [("library", day, 10, BANDS[0]) for day in (1, 2, 3, 4)]
    write_kiosk(tmp_path / "one.db", "library", visits, [])
    built = report.build(tmp_path / "one.db")
    assert report.SECONDARY in [row[1] for row in built.section("Interactions per day").cells()]
    check_no_hidden_count_can_be_worked_out(built, by_kiosk=False)


def test_protect_hides_the_smallest_other_count_of_the_breakdown():
    assert report.protect([[[9, 9, 9, 9, 4]]], 40) == ([[{0}]], False)  # the 40 pins the 4 without it
    assert report.protect([[[9, 9, 9, 9, 4]]], 39) == ([[set()]], False)  # 35 to 39: the 4 could be 1 to 4
    assert report.protect([[[6, 3], [9]]], 9) == ([[set(), set()]], False)  # 5, <5 and 5: nothing pinned
    assert report.protect([[[7]]], None) == ([[set()]], False)
