"""No "<5" of ``kiosk stats`` can be worked out by subtraction (complementary suppression).

The checks read the report as a reader does (the shown text of each table, never the
counts behind it) and work out, by interval arithmetic, every value a hidden count could
have given every table that breaks down the same total and the summary: each must stay
at least two of 1 to 4.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.stats import chart, report, store

BANDS = [label for _, label in store.LENGTHS]

# an interaction: (kiosk, day 1-3, hour 10-12, length band)
interactions = st.lists(st.tuples(st.sampled_from(["church", "library"]), st.integers(1, 3), st.integers(10, 12),
                                  st.sampled_from(BANDS[:3])), max_size=40)
# a language chosen / a slide opened: (kiosk, language or slide, times)
chosen = st.lists(st.tuples(st.sampled_from(["church", "library"]), st.sampled_from(["en", "pl", "ar"]),
                            st.integers(0, 9)), max_size=8)


def write_kiosk(path: Path, kiosk: str, visits: list, languages: list) -> None:
    """A kiosk's counts file, consistent as the recorder writes it: each interaction in its hour and its band."""
    pending: store.Pending = {t: {} for t in store.TABLES}
    for who, day, hour, band in visits:
        if who != kiosk:
            continue
        at = f"2026-10-0{day} {hour}:00"
        pending["hours"].setdefault((at, "fw"), [0, 0])[0] += 1
        pending["lengths"].setdefault((at, "fw", band), [0])[0] += 1
        pending["views"].setdefault((at, "fw", f"slide-{hour}", ""), [0, 0, 0, 0.0, 0])[1] += 1
    for who, language, times in languages:
        if who == kiosk:
            pending["languages"].setdefault(("2026-10-01", "fw", language), [0])[0] += times
    store.write(path, pending)


def value_range(cell: str) -> tuple[float, float]:
    """What a reader knows of a shown cell."""
    if cell == report.HIDDEN:
        return 1, 4
    if cell == report.SECONDARY:
        return 5, math.inf
    if (m := re.fullmatch(r"(\d+) to (\d+)", cell)):
        return int(m[1]), int(m[2])
    if (m := re.fullmatch(r"(\d+) or more", cell)):
        return int(m[1]), math.inf
    return int(cell), int(cell)


def hidden_values_left(slices: list[list[str]], total: tuple[float, float]) -> list[int]:
    """For each "<5" of ``slices`` (breakdowns of one total that lies within ``total``), how many
    of 1 to 4 it could still be."""
    low, high = total
    for cells in slices:
        ranges = [value_range(c) for c in cells]
        low, high = max(low, sum(r[0] for r in ranges)), min(high, sum(r[1] for r in ranges))
    left = []
    for cells in slices:
        ranges = [value_range(c) for c in cells]
        for i, cell in enumerate(cells):
            if cell != report.HIDDEN:
                continue
            others_low = sum(r[0] for j, r in enumerate(ranges) if j != i)
            others_high = sum(r[1] for j, r in enumerate(ranges) if j != i)
            can = range(int(max(1, low - others_high)), int(min(4, high - others_low)) + 1)
            left.append(len(can))
    return left


def shown_tables(built: report.Report) -> dict[str, list[list[str]]]:
    """The report as the CSV a reader gets: section title -> rows of text (headers first)."""
    return {s.title: [s.headers, *s.cells()] for s in built.sections}


def check_no_hidden_count_can_be_worked_out(built: report.Report, by_kiosk: bool) -> None:
    tables = shown_tables(built)
    summary = {row[0].split(" ")[0]: value_range(row[1]) for row in tables["Summary"][1:]}
    k = 1 if by_kiosk else 0

    def column(title: str, name: str) -> dict[str, list[str]]:
        headers, *rows = tables[title]
        at = headers.index(name)
        out: dict[str, list[str]] = {}
        for row in rows:
            out.setdefault(row[0] if k else "", []).append(row[at])
        return out

    linked = {
        "interactions": [column("Interactions per day", "interactions"), column("Interaction length", "interactions")],
        "returns": [column("Interactions per day", "idle returns")],
        "slides": [column("Slides and pages", "shown by the loop")],
        "languages": [column("Languages chosen", "times chosen")],
    }
    for what, breakdowns in linked.items():
        kiosks = sorted({kiosk for b in breakdowns for kiosk in b})
        # each kiosk's total as its own tables allow, then narrowed by the summary's total of all
        own = {}
        for kiosk in kiosks:
            slices = [b[kiosk] for b in breakdowns if kiosk in b]
            ranges = [[value_range(c) for c in cells] for cells in slices]
            own[kiosk] = (max(sum(r[0] for r in rs) for rs in ranges), min(sum(r[1] for r in rs) for rs in ranges))
        low, high = summary[what]
        for kiosk in kiosks:
            rest = [own[j] for j in kiosks if j != kiosk]
            total = (max(own[kiosk][0], low - sum(r[1] for r in rest)), min(own[kiosk][1], high - sum(r[0] for r in rest)))
            left = hidden_values_left([b[kiosk] for b in breakdowns if kiosk in b], total)
            assert all(n >= 2 for n in left), (what, kiosk, [b.get(kiosk) for b in breakdowns], summary[what])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(visits=interactions, languages=chosen)
def test_no_hidden_count_can_be_worked_out_from_any_table_or_total(tmp_path_factory, visits, languages):
    folder = tmp_path_factory.mktemp("sdc")
    for kiosk in ("library", "church"):
        write_kiosk(folder / f"{kiosk}.db", kiosk, visits, languages)
    store.merge([folder / "library.db", folder / "church.db"], folder / "county.db")
    for path, by_kiosk in ((folder / "library.db", False), (folder / "county.db", False), (folder / "county.db", True)):
        built = report.build(path, by_kiosk=by_kiosk)
        check_no_hidden_count_can_be_worked_out(built, by_kiosk)
        # the charts' sums over kiosks and decks come from the shown cells: within the tables' ranges
        for title, items in chart.chart_data(built):
            for _, n in items:
                assert n is None or isinstance(n, tuple) or n == 0 or n >= report.SMALL, (title, n)


def test_the_testers_county_subtraction_no_longer_works(tmp_path, capsys):
    """library 6 and church 3 on one day: the county total used to say 9, so church = 3."""
    visits = [("library", 1, 10, BANDS[0])] * 6 + [("church", 1, 10, BANDS[0])] * 3
    for kiosk in ("library", "church"):
        write_kiosk(tmp_path / f"{kiosk}.db", kiosk, visits, [])
    assert main(["stats", "merge", str(tmp_path / "library.db"), str(tmp_path / "church.db"),
                 "--out", str(tmp_path / "county.db")]) == 0
    capsys.readouterr()
    assert main(["stats", "--stats-file", str(tmp_path / "county.db"), "--by-kiosk",
                 "--csv", str(tmp_path / "county.csv")]) == 0
    out = capsys.readouterr().out
    interactions = next(line for line in out.splitlines() if line.strip().startswith("interactions"))
    assert interactions.split()[-3:] == ["7", "to", "10"], interactions
    assert re.search(r"church\s+2026-10-01\s+<5", out) and re.search(r"library\s+2026-10-01\s+6", out)
    with open(tmp_path / "county.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert ["interactions (visitors who touched the screen)", "7 to 10"] in rows
    # one kiosk's own report: its total beside one shown day and a "<5" day
    visits = [("library", 1, 10, BANDS[0])] * 6 + [("library", 2, 10, BANDS[1])] * 3
    write_kiosk(tmp_path / "one.db", "library", visits, [])
    built = report.build(tmp_path / "one.db")
    check_no_hidden_count_can_be_worked_out(built, by_kiosk=False)
    assert built.section("Summary").cells()[0][1] == "7 to 10"
    assert built.section("Summary").cells(exact=True)[0][1] == "9"  # --exact, on the kiosk itself


def test_an_exact_total_beside_one_hidden_count_hides_a_second(tmp_path):
    """Interactions by length all shown (a 9) pin the total, so the per-day table cannot keep
    a 6 beside its <5: the 6 is hidden too (x)."""
    visits = [("library", 1, 10, BANDS[0])] * 6 + [("library", 2, 10, BANDS[0])] * 3
    write_kiosk(tmp_path / "one.db", "library", visits, [])
    built = report.build(tmp_path / "one.db")
    days = built.section("Interactions per day").cells()
    assert [row[1] for row in days] == [report.SECONDARY, report.HIDDEN]
    assert built.section("Interaction length").cells()[0][1] == "9"
    check_no_hidden_count_can_be_worked_out(built, by_kiosk=False)
    assert report.LEGEND.split(";")[0] in report.text(built)
