"""Reports from the counts database: a table for the terminal, CSV for a spreadsheet.

Small numbers can point at a person in a quiet venue, so every count under
:data:`SMALL` (but not 0) is shown as ``"<5"``, and a time on screen made by fewer than
:data:`SMALL` visits as ``"-"``, unless exact figures are asked for (``kiosk stats --exact``).

A hidden count must not be worked out by subtraction either (a total minus the other cells),
so the report applies the usual remedy of statistical disclosure control, complementary
(secondary) cell suppression: a total that sums hidden counts is shown as the range the shown
cells allow (``"7 to 10"``, ``"40 or more"``), which tells nothing the cells do not; and where
two tables break down the same total (interactions per day, and by length), or a total is
known exactly, enough further counts of 5 or more are hidden as ``"x"`` that every ``"<5"``
could still be any of 1 to 4 (see :func:`protect`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import outputs
from kiosk.stats import store

#: Counts under this are shown as "<5" (the usual small-number rule for published counts).
SMALL = 5
#: How a suppressed count is shown.
HIDDEN = f"<{SMALL}"
#: How a count of :data:`SMALL` or more is shown when it is hidden so that no ``"<5"`` can be
#: worked out from a total (complementary suppression).
SECONDARY = "x"
#: What the report says under its heading when it hides counts.
LEGEND = (f"Counts under {SMALL} show as {HIDDEN}; {SECONDARY} is a count of {SMALL} or more hidden so that no "
          f"{HIDDEN} can be worked out from a total; totals that include hidden counts show as a range.")

Bounds = tuple[float, float]


@dataclass
class Section:
    """One table of the report.

    Attributes:
        title: its heading.
        headers: column names.
        rows: the values (text, or numbers before suppression).
        counts: indexes of the columns holding counts (suppressed under :data:`SMALL`).
        minutes: index of a minutes column and of the count of visits behind it, or ``None``.
        secondary: (row, column) of the counts hidden as :data:`SECONDARY` (complementary
            suppression, :func:`protect`).
        ranges: (row, column) -> (lowest, highest) of a total that sums hidden counts, as the
            shown cells allow (highest ``inf`` when it sums a :data:`SECONDARY`).
    """

    title: str
    headers: list[str]
    rows: list[list[str | int | float]] = field(default_factory=list)
    counts: tuple[int, ...] = ()
    minutes: tuple[int, int] | None = None
    secondary: set[tuple[int, int]] = field(default_factory=set)
    ranges: dict[tuple[int, int], Bounds] = field(default_factory=dict)

    def cells(self, exact: bool = False) -> list[list[str]]:
        """The rows as text: counts under :data:`SMALL` as ``"<5"``, counts hidden so that no
        ``"<5"`` can be worked out as :data:`SECONDARY`, and totals of hidden counts as a range,
        unless ``exact``."""
        out = []
        for r, row in enumerate(self.rows):
            cells = [str(value) for value in row]
            for i in self.counts:
                if exact:
                    cells[i] = str(row[i])
                elif (r, i) in self.ranges:
                    cells[i] = shown_range(*self.ranges[(r, i)])
                else:
                    cells[i] = SECONDARY if (r, i) in self.secondary else shown(int(row[i]))
            if self.minutes is not None:
                at, visits = self.minutes
                cells[at] = f"{row[at]:.1f}" if exact or int(row[visits]) >= SMALL else "-"
            out.append(cells)
        return out

    def bounds(self, row: int, column: int) -> Bounds:
        """What a reader of the shown (not exact) table knows of a count: (lowest, highest).

        ``(n, n)`` for a count shown as it is, ``(1, 4)`` for ``"<5"``, ``(5, inf)`` for
        :data:`SECONDARY`, a total's range as shown.
        """
        if (row, column) in self.ranges:
            return self.ranges[(row, column)]
        if (row, column) in self.secondary:
            return (SMALL, math.inf)
        n = int(self.rows[row][column])
        return (1, SMALL - 1) if 0 < n < SMALL else (n, n)

    def hides(self) -> bool:
        """Whether any count of this table is hidden or shown as a range (not ``exact``)."""
        return bool(self.secondary or self.ranges) or any(
            0 < int(row[i]) < SMALL for row in self.rows for i in self.counts)


def shown(count: int, exact: bool = False) -> str:
    """``count`` as text, or ``"<5"`` when it is from 1 to under :data:`SMALL` and not ``exact``.

    Zero is shown as ``"0"``: it tells of nobody, and "<5" would read as "a few people".
    """
    return str(count) if exact or count >= SMALL or count == 0 else HIDDEN


def shown_range(low: float, high: float) -> str:
    """A total known to lie from ``low`` to ``high`` (``inf``: no upper end) as text.

    ``"9"`` when both are the same, ``"<5"`` within 1 to 4, else ``"7 to 10"`` or ``"40 or more"``.
    """
    if low == high:
        return shown(int(low))
    if low >= 1 and high < SMALL:
        return HIDDEN
    return f"{int(low)} or more" if math.isinf(high) else f"{int(low)} to {int(high)}"


def protect(slices: list[list[int]]) -> list[set[int]]:
    """Complementary cell suppression for cells that add up to one total, however split.

    Each slice is one breakdown of the same total (e.g. one kiosk's interactions per day, and
    the same kiosk's interactions by length): a reader who sees the cells of every slice, with
    counts from 1 to 4 shown as ``"<5"``, knows from each slice that the total lies between its
    shown cells plus 1 for each ``"<5"`` and plus 4 for each (no upper end when a cell of 5 or
    more is hidden too). A ``"<5"`` is safe when, given every slice's range of the total and
    the rest of its own slice, it could still be at least two of 1 to 4 (it cannot be worked
    out; the usual rule that a hidden cell must never be alone in its row). Where one could not, the
    smallest count of 5 or more of its slice is hidden too (else of the slice whose range pins
    the total), until every ``"<5"`` is safe. The ranges are intervals and the slices share only
    the total, so this check is exact (no linear-programming solver is needed).

    Args:
        slices: the counts (whole numbers from 0 up) of each breakdown.

    Returns:
        for each slice, the indexes of its counts of 5 or more to hide as :data:`SECONDARY`.
    """
    hidden: list[set[int]] = [set() for _ in slices]

    def small(n: int) -> bool:
        return 0 < n < SMALL

    if not any(small(n) for cells in slices for n in cells):
        return hidden

    def span(t: int) -> tuple[float, float, float]:
        """Shown sum, lowest and highest sum of the hidden cells, of slice ``t``."""
        shown_sum = low = high = 0.0
        for i, n in enumerate(slices[t]):
            if i in hidden[t]:
                low, high = low + SMALL, math.inf
            elif small(n):
                low, high = low + 1, high + SMALL - 1
            else:
                shown_sum += n
        return shown_sum, low, high

    def hide_one(t: int) -> bool:
        free = [(n, i) for i, n in enumerate(slices[t]) if n >= SMALL and i not in hidden[t]]
        if not free:
            return False
        hidden[t].add(min(free)[1])
        return True

    for _ in range(sum(len(cells) for cells in slices) + 1):
        spans = [span(t) for t in range(len(slices))]
        lowest = max(s + lo for s, lo, _ in spans)
        highest = min(s + hi for s, _, hi in spans)
        unsafe = None
        for t, cells in enumerate(slices):
            shown_sum, low, high = spans[t]
            if not any(small(n) for n in cells):
                continue
            # one "<5" against the rest of its slice: the others' lowest and highest sums
            others_low, others_high = low - 1, high - (SMALL - 1)
            if min(SMALL - 1, highest - shown_sum - others_low) - max(1, lowest - shown_sum - others_high) < 1:
                unsafe = t
                break
        if unsafe is None:
            return hidden
        if not hide_one(unsafe):
            # the slice has nothing left to hide: loosen the slice that pins the total
            pinning = sorted(range(len(slices)), key=lambda t: spans[t][0] + spans[t][2])
            if not any(hide_one(t) for t in pinning if t != unsafe):
                return hidden
    return hidden


@dataclass
class Report:
    """Counts between two days (inclusive), for one deck or all."""

    since: dt.date | None
    until: dt.date | None
    deck: str | None
    sections: list[Section]
    kiosks: list[str]

    def section(self, title: str) -> Section:
        """The section with this title."""
        return next(s for s in self.sections if s.title == title)

    def heading(self) -> str:
        """One line saying what the report covers."""
        period = f"{self.since or 'the first count'} to {self.until or 'the last count'}"
        where = f"{len(self.kiosks)} kiosks" if len(self.kiosks) > 1 else "one kiosk"
        return f"Visitor counts, {period}, {f'deck {self.deck}' if self.deck else 'all decks'}, {where}"


class UnknownDeck(ValueError):
    """A deck id asked for (``kiosk stats --deck``) that the counts file holds nothing for.

    Attributes:
        deck: the id asked for.
        counted: the deck ids the file does hold counts for, sorted.
    """

    def __init__(self, deck: str, counted: list[str]) -> None:
        super().__init__(deck)
        self.deck = deck
        self.counted = counted


def build(path: Path, since: dt.date | None = None, until: dt.date | None = None, deck: str | None = None,
          by_kiosk: bool = False) -> Report:
    """Read the counts database and sum its counts into report sections.

    Args:
        path: the counts database.
        since, until: the first and last day counted (inclusive); ``None`` for no limit.
        deck: only this deck id; ``None`` for all.
        by_kiosk: keep a column per kiosk (in a merged database) instead of summing them.

    Raises:
        FileNotFoundError: when ``path`` does not exist.
        sqlite3.Error: when it is not a counts database.
        UnknownDeck: when ``deck`` is given and nothing was ever counted for it in ``path``.
    """
    def keep(row) -> bool:
        day = (row["hour"] if "hour" in row.keys() else row["day"])[:10]  # noqa: SIM118 - a Row's "in" looks at values
        return ((since is None or day >= since.isoformat()) and (until is None or day <= until.isoformat())
                and (deck is None or row["deck"] == deck))

    everything = {name: store.read(path, name) for name in store.TABLES}
    if deck is not None:
        counted = sorted({r["deck"] for rows in everything.values() for r in rows})
        if deck not in counted:
            raise UnknownDeck(deck, counted)
    tables = {name: [r for r in rows if keep(r)] for name, rows in everything.items()}
    kiosks = sorted({r["kiosk"] for rows in tables.values() for r in rows}) or [""]
    k = (lambda r: (r["kiosk"],)) if by_kiosk else (lambda r: ())
    kiosk_col = ["kiosk"] if by_kiosk else []

    def total(table: str, column: str) -> int:
        return int(sum(r[column] for r in tables[table]))

    per_day: dict[tuple, list[int]] = {}
    for r in tables["hours"]:
        row = per_day.setdefault((*k(r), r["hour"][:10]), [0, 0])
        row[0] += r["interactions"]
        row[1] += r["idle_returns"]
    days = Section("Interactions per day", [*kiosk_col, "day", "interactions", "idle returns"],
                   rows=[[*key, *values] for key, values in sorted(per_day.items())],
                   counts=(len(kiosk_col) + 1, len(kiosk_col) + 2))
    lengths: dict[tuple, int] = {}
    for r in tables["lengths"]:
        lengths[(*k(r), r["length"])] = lengths.get((*k(r), r["length"]), 0) + r["interactions"]
    order = {label: i for i, (_, label) in enumerate(store.LENGTHS)}
    length = Section("Interaction length", [*kiosk_col, "first to last touch", "interactions"],
                     rows=[[*key, n] for key, n in sorted(lengths.items(), key=lambda kv: (kv[0][:-1], order[kv[0][-1]]))],
                     counts=(len(kiosk_col) + 1,))
    views: dict[tuple, list[float]] = {}
    for r in tables["views"]:
        row = views.setdefault((*k(r), r["deck"], r["slide"], r["page"]), [0] * len(store.VIEW_COUNTS))
        for i, column in enumerate(store.VIEW_COUNTS):
            row[i] += r[column]
    n = len(kiosk_col)
    slides = Section("Slides and pages",
                     [*kiosk_col, "deck", "slide", "page", "shown by the loop", "opened by touch",
                      "on screen while touched", "minutes on screen while touched", "QR code on screen while touched"],
                     rows=[[*key, int(v[0]), int(v[1]), int(v[2]), round(v[3] / 60, 1), int(v[4])]
                           for key, v in sorted(views.items())],
                     counts=(n + 3, n + 4, n + 5, n + 7), minutes=(n + 6, n + 5))
    chosen: dict[tuple, int] = {}
    for r in tables["languages"]:
        key = (*k(r), r["deck"], r["language"])
        chosen[key] = chosen.get(key, 0) + r["chosen"]
    languages = Section("Languages chosen", [*kiosk_col, "deck", "language", "times chosen"],
                        rows=[[*key, n] for key, n in sorted(chosen.items())], counts=(len(kiosk_col) + 2,))
    summary = Section("Summary", ["what", "count"], counts=(1,), rows=[
        ["interactions (visitors who touched the screen)", total("hours", "interactions")],
        ["returns to the loop after the idle timeout", total("hours", "idle_returns")],
        ["slides shown by the loop", total("views", "loop_shown")],
        ["slides and pages opened by touch", total("views", "touch_opened")],
        ["QR codes on screen while touched", total("views", "qr_touched")],
        ["languages chosen", total("languages", "chosen")],
    ])
    n = len(kiosk_col)
    breakdowns = [[(days, n + 1), (length, n + 1)], [(days, n + 2)], [(slides, n + 3)], [(slides, n + 4)],
                  [(slides, n + 7)], [(languages, n + 2)]]
    for row, linked in enumerate(breakdowns):
        low, high = _suppress(linked, by_kiosk)
        if low != high:
            summary.ranges[(row, 1)] = (low, high)
    _suppress([(slides, n + 5)], by_kiosk)  # on screen while touched: no total, but the same rule
    return Report(since, until, deck, [summary, days, length, slides, languages], kiosks)


def _suppress(linked: list[tuple[Section, int]], by_kiosk: bool) -> Bounds:
    """Hide counts (:func:`protect`) in ``linked`` columns that break down one total, for each
    kiosk apart when ``by_kiosk`` (its name in column 0), and return the total's range as a
    reader of the shown cells can work it out (the sum over kiosks of where their slices agree)."""
    kiosks = sorted({str(section.rows[r][0]) if by_kiosk else "" for section, _ in linked
                     for r in range(len(section.rows))})
    low = high = 0.0
    for kiosk in kiosks:
        places = [[r for r in range(len(section.rows)) if not by_kiosk or section.rows[r][0] == kiosk]
                  for section, _ in linked]
        slices = [[int(section.rows[r][column]) for r in rows] for (section, column), rows in zip(linked, places)]
        for (section, column), rows, hide in zip(linked, places, protect(slices)):
            section.secondary |= {(rows[i], column) for i in hide}
        spans = [[sum(x) for x in zip(*(section.bounds(r, column) for r in rows))]
                 for (section, column), rows in zip(linked, places) if rows]
        low += max(lo for lo, _ in spans)
        high += min(hi for _, hi in spans)
    return low, high


def text(report: Report, exact: bool = False) -> str:
    """The report as aligned plain-text tables, for the terminal."""
    lines = [report.heading(), legend(report, exact)]
    for section in report.sections:
        rows = [section.headers, *section.cells(exact)]
        lines += ["", section.title]
        if len(rows) == 1:
            lines.append("  (nothing counted)")
            continue
        widths = [max(len(row[i]) for row in rows) for i in range(len(section.headers))]
        for row in rows:
            lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return "\n".join(lines) + "\n"


def legend(report: Report, exact: bool = False) -> str:
    """The line under the heading that says how small and hidden counts are shown."""
    if exact:
        return "Exact figures (keep them on the kiosk)."
    if any(section.secondary or section.ranges for section in report.sections):
        return LEGEND
    return f"Counts under {SMALL} show as {HIDDEN}."


def write_csv(report: Report, path: Path, exact: bool = False) -> None:
    """Write the report as CSV: each section as a title row, a header row and its rows, then a blank row.

    The file is written whole or not at all (:func:`kiosk.outputs.write_whole`).

    Raises:
        OSError: when ``path`` cannot be written.
    """
    file = io.StringIO(newline="")
    out = csv.writer(file)
    out.writerow([report.heading()])
    out.writerow([legend(report, exact)])
    for section in report.sections:
        out.writerow([])
        out.writerow([section.title])
        out.writerow(section.headers)
        out.writerows(section.cells(exact))
    outputs.write_text_whole(path, file.getvalue())
