"""Reports from the counts database: a table for the terminal, CSV for a spreadsheet.

Small numbers can point at a person in a quiet venue, and two reports of the same counts cut
differently (other days, one deck, a column per kiosk, one kiosk's own file beside the county's)
can be set against each other. So, unless exact figures are asked for (``kiosk stats --exact``,
for the kiosk's own staff), a report applies two usual remedies of statistical disclosure control
for published counts together, and every count anyone sees (tables, CSV, charts, the staff status
page) is written by one function, :func:`shown`:

* **rounding** to a base of 5 (the usual base for published counts), *down*: each figure is the
  start of the band of five its count falls in (``12`` shows as ``10``: 10 to 14), counts from 1
  to 4 show as ``"<5"`` and 0 as ``0`` (it tells of nobody). Every total is rounded the same way
  on its own, never added up from rounded cells. Rounding down, not to the nearest 5, is what
  keeps a difference of two reports useless: two shown figures of a count that grew by a hidden
  1 to 4 leave that 1 to 4 at least three values (nearest rounding would not: ``10``, from 8,
  beside a ``<5`` from 4 says the difference is 4). Minutes on screen are rounded the same way,
  and shown as ``"-"`` when fewer than 5 visits made them.
* **complementary suppression** within one report: a total and its breakdowns (interactions per
  day and by length, with the summary's total) could still pin a ``"<5"`` between them (four days
  shown ``5``, i.e. at most 9 each, and a total of ``40`` leave the fifth day's ``<5`` only 4),
  so further counts are hidden as ``"x"`` until every ``"<5"`` could still be at least two
  values (see :func:`protect`).

Not covered: many reports cut finely and read together (each day of a week beside the week, five
or more kiosks' columns beside the county's figure) can still narrow a small count down, as with
any rounded statistics.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import outputs
from kiosk.deck.chars import printable
from kiosk.stats.counts import LENGTHS, TABLES, VIEW_COUNTS

#: Counts are shown in bands of this many: rounded down to a multiple of it, those from 1 to
#: under it as "<5" (the usual base and small-number rule for published counts).
SMALL = 5
#: How a count from 1 to under :data:`SMALL` is shown.
HIDDEN = f"<{SMALL}"
#: How a count is shown when it is hidden so that no ``"<5"`` can be worked out from the
#: counts beside it (complementary suppression); a reader knows nothing of it.
SECONDARY = "x"
#: What the report says under its heading (never exact).
LEGEND = (f"Counts and minutes are rounded down to a multiple of {SMALL} (7 shows as 5, 12 as 10; totals are "
          f"rounded on their own); 1 to 4 show as {HIDDEN}; a time on screen from fewer than {SMALL} visits as -.")
#: Added to :data:`LEGEND` when a report hides counts as :data:`SECONDARY`.
LEGEND_SECONDARY = f" {SECONDARY} is a count hidden so that no {HIDDEN} can be worked out from the others."

Bounds = tuple[float, float]

#: Rows of the summary that the charts' bars add up to (no bar reads as more than its total).
INTERACTIONS = "interactions (visitors who touched the screen)"
TOUCH_OPENED = "slides and pages opened by touch"
LANGUAGES_CHOSEN = "languages chosen"


def shown(value: float, exact: bool = False) -> str:
    """A count (or a number of minutes) as every report, CSV, chart and the staff page show it.

    Args:
        value: a count (whole number from 0 up), or minutes (a float from 0 up).
        exact: show it as it is (``kiosk stats --exact``, on the kiosk itself): a count as a
            whole number, minutes to a tenth.

    Returns:
        ``"0"`` for 0 (it tells of nobody, and "<5" would read as "a few people"); ``"<5"``
        from above 0 to under :data:`SMALL`; otherwise the value rounded down to a multiple of
        :data:`SMALL` (``"10"`` for 10 to 14.9).
    """
    if exact:
        return f"{value:.1f}" if isinstance(value, float) else str(value)
    if value == 0:
        return "0"
    if value < SMALL:
        return HIDDEN
    return str(int(value // SMALL) * SMALL)


def band(count: int) -> Bounds:
    """What a reader of :func:`shown` knows of a count: (lowest, highest) it can be.

    ``(0, 0)`` for ``"0"``, ``(1, 4)`` for ``"<5"``, ``(10, 14)`` for ``"10"``.
    """
    if count == 0:
        return (0, 0)
    if count < SMALL:
        return (1, SMALL - 1)
    low = count // SMALL * SMALL
    return (low, low + SMALL - 1)


@dataclass
class Section:
    """One table of the report.

    Attributes:
        title: its heading.
        headers: column names.
        rows: the values: text, and the exact counts and minutes (shown by :meth:`cells`).
        counts: indexes of the columns holding counts.
        minutes: index of a minutes column and of the count of visits behind it, or ``None``.
        secondary: (row, column) of the counts hidden as :data:`SECONDARY` (complementary
            suppression, :func:`protect`).
    """

    title: str
    headers: list[str]
    rows: list[list[str | int | float]] = field(default_factory=list)
    counts: tuple[int, ...] = ()
    minutes: tuple[int, int] | None = None
    secondary: set[tuple[int, int]] = field(default_factory=set)

    def cells(self, exact: bool = False) -> list[list[str]]:
        """The rows as text: each count and each time on screen by :func:`shown`, a count hidden
        so that no ``"<5"`` can be worked out as :data:`SECONDARY`, and minutes made by fewer than
        :data:`SMALL` visits as ``"-"``; all as they are when ``exact``."""
        out = []
        for r, row in enumerate(self.rows):
            cells = [str(value) for value in row]
            for i in self.counts:
                cells[i] = SECONDARY if not exact and (r, i) in self.secondary else shown(int(row[i]), exact)
            if self.minutes is not None:
                at, visits = self.minutes
                cells[at] = shown(float(row[at]), exact) if exact or int(row[visits]) >= SMALL else "-"
            out.append(cells)
        return out

    def bounds(self, row: int, column: int) -> Bounds:
        """What a reader of the shown (not exact) table knows of a count: (lowest, highest).

        :func:`band` of the count (``(10, 14)`` for ``"10"``), or ``(0, inf)`` for :data:`SECONDARY`.
        """
        if (row, column) in self.secondary:
            return (0, math.inf)
        return band(int(self.rows[row][column]))


def protect(groups: list[list[list[int]]], total: int | None = None) -> tuple[list[list[set[int]]], bool]:
    """Complementary cell suppression for counts that add up to one total, however split.

    A reader of the rounded figures (:func:`band`: ``"<5"`` is 1 to 4, ``"10"`` is 10 to 14,
    ``"x"`` anything) knows of each breakdown that the total lies between the sums of its
    cells' lowest and highest values, and of the shown total that it lies within its band.
    A count from 1 to 4 (shown ``"<5"`` or hidden) is safe when, given all that, it could
    still be at least two values (it cannot be worked out; the usual rule that a hidden cell
    must never be alone in its row). Where one could not, the smallest other count of its
    breakdown is hidden as :data:`SECONDARY` (this always makes it safe: the rest of its
    breakdown then has no upper end, so its lowest value falls to 1, and its highest rises to
    2 or more); when it is alone in its breakdown, the smallest count of its group's other
    breakdowns, then of the other groups, then the total, then itself; for a total from 1 to
    4 that its breakdowns pin, the smallest count of any; until every one is safe. Hiding only
    widens what a reader knows, so no count made safe becomes unsafe again. The ranges are
    intervals of whole numbers and the breakdowns share only their group's total, and the
    groups only the total, so this check is exact (no linear-programming solver is needed).
    It does not use other relations between columns (e.g. that returns to the loop are at
    most the interactions), nor what a reader who knows this order of hiding could guess of
    an ``"x"`` (that it is at most the next count shown in its breakdown).

    Args:
        groups: for each group (a kiosk, in a report with a column per kiosk; else one), each
            breakdown of its share of the total (e.g. its interactions per day, and by length):
            the counts, whole numbers from 0 up.
        total: the total over all groups shown beside them (the summary's), or ``None``.

    Returns:
        for each group and breakdown, the indexes of its counts to hide as :data:`SECONDARY`;
        and whether the total must be hidden too.
    """
    inf = math.inf
    hidden: list[list[set[int]]] = [[set() for _ in slices] for slices in groups]
    total_hidden = False

    def cell(g: int, s: int, i: int) -> Bounds:
        return (0, inf) if i in hidden[g][s] else band(groups[g][s][i])

    def add(bounds: list[Bounds]) -> tuple[float, float, int]:
        """Lowest sum, highest sum of the bounded ones, how many have no upper end."""
        return (sum(lo for lo, _ in bounds), sum(hi for _, hi in bounds if hi != inf),
                sum(hi == inf for _, hi in bounds))

    def less(span: tuple[float, float, int], part: Bounds) -> Bounds:
        """The lowest and highest sum of ``span`` without ``part`` (one of its members)."""
        low, high, open_ended = span
        unbounded = open_ended - (part[1] == inf)
        return low - part[0], inf if unbounded else high - (0 if part[1] == inf else part[1])

    def could_be(low: float, high: float) -> bool:
        """Whether a count known to lie from ``low`` to ``high`` could be two values or more."""
        return high - low >= 1

    def first_unsafe() -> tuple[int, int, int] | None | bool:
        """The first count from 1 to 4 a reader can pin to one value, as (group, breakdown,
        index); ``None`` for the total; ``False`` when there is none."""
        spans = [[add([cell(g, s, i) for i in range(len(cells))]) for s, cells in enumerate(slices)]
                 for g, slices in enumerate(groups)]
        own: list[Bounds] = []
        for g, slices in enumerate(groups):
            kept = [span for span, cells in zip(spans[g], slices) if cells]
            own.append((max(lo for lo, _, _ in kept), min(inf if n else hi for _, hi, n in kept)) if kept else (0, inf))
        everyone = add(own)
        t_low, t_high = (0, inf) if total is None or total_hidden else band(total)
        if total is not None and 0 < total < SMALL and not could_be(
                max(t_low, everyone[0]), min(t_high, inf if everyone[2] else everyone[1])):
            return None
        for g, slices in enumerate(groups):
            others_low, others_high = less(everyone, own[g])
            share = (max(own[g][0], t_low - others_high), min(own[g][1], t_high - others_low))
            for s, cells in enumerate(slices):
                for i, n in enumerate(cells):
                    if not 0 < n < SMALL:
                        continue
                    part = cell(g, s, i)
                    rest_low, rest_high = less(spans[g][s], part)
                    if not could_be(max(part[0], share[0] - rest_high), min(part[1], share[1] - rest_low)):
                        return g, s, i
        return False

    def shown_in(g: int, s: int) -> list[tuple[int, int, int, int]]:
        return sorted((n, g, s, i) for i, n in enumerate(groups[g][s]) if n and i not in hidden[g][s])

    for _ in range(sum(len(cells) for slices in groups for cells in slices) + 2):
        unsafe = first_unsafe()
        if unsafe is False:
            break
        everything = sorted(c for g, slices in enumerate(groups) for s in range(len(slices)) for c in shown_in(g, s))
        if unsafe is None:  # the total is from 1 to 4 and the breakdowns pin it
            order = [everything]
        else:
            g, s, i = unsafe
            own_slice = shown_in(g, s)
            own_group = sorted(c for t in range(len(groups[g])) if t != s for c in shown_in(g, t))
            order = [[c for c in own_slice if c[3] != i], own_group, [c for c in everything if c[1] != g]]
        candidates = [c for choices in order for c in choices]
        if candidates:
            _, g, s, i = candidates[0]
            hidden[g][s].add(i)
        elif total is not None and total and not total_hidden:
            total_hidden = True
        elif unsafe is not None and unsafe[2] not in hidden[unsafe[0]][unsafe[1]]:
            hidden[unsafe[0]][unsafe[1]].add(unsafe[2])
        else:
            break  # nothing left to hide (only counts that contradict each other, in a damaged file)
    return hidden, total_hidden


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

    from kiosk.stats import store  # SQLite: only when a report is made, never for shown() on the staff page

    everything = {name: store.read(path, name) for name in TABLES}
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
    order = {label: i for i, (_, label) in enumerate(LENGTHS)}
    length = Section("Interaction length", [*kiosk_col, "first to last touch", "interactions"],
                     rows=[[*key, n] for key, n in sorted(lengths.items(), key=lambda kv: (kv[0][:-1], order[kv[0][-1]]))],
                     counts=(len(kiosk_col) + 1,))
    views: dict[tuple, list[float]] = {}
    for r in tables["views"]:
        row = views.setdefault((*k(r), r["deck"], r["slide"], r["page"]), [0] * len(VIEW_COUNTS))
        for i, column in enumerate(VIEW_COUNTS):
            row[i] += r[column]
    n = len(kiosk_col)
    slides = Section("Slides and pages",
                     [*kiosk_col, "deck", "slide", "page", "shown by the loop", "opened by touch",
                      "on screen while touched", "minutes on screen while touched", "QR code on screen while touched"],
                     rows=[[*key, int(v[0]), int(v[1]), int(v[2]), v[3] / 60, int(v[4])]
                           for key, v in sorted(views.items())],
                     counts=(n + 3, n + 4, n + 5, n + 7), minutes=(n + 6, n + 5))
    chosen: dict[tuple, int] = {}
    for r in tables["languages"]:
        key = (*k(r), r["deck"], r["language"])
        chosen[key] = chosen.get(key, 0) + r["chosen"]
    languages = Section("Languages chosen", [*kiosk_col, "deck", "language", "times chosen"],
                        rows=[[*key, n] for key, n in sorted(chosen.items())], counts=(len(kiosk_col) + 2,))
    summary = Section("Summary", ["what", "count"], counts=(1,), rows=[
        [INTERACTIONS, total("hours", "interactions")],
        ["returns to the loop after the idle timeout", total("hours", "idle_returns")],
        ["slides shown by the loop", total("views", "loop_shown")],
        [TOUCH_OPENED, total("views", "touch_opened")],
        ["QR codes on screen while touched", total("views", "qr_touched")],
        [LANGUAGES_CHOSEN, total("languages", "chosen")],
    ])
    n = len(kiosk_col)
    breakdowns = [[(days, n + 1), (length, n + 1)], [(days, n + 2)], [(slides, n + 3)], [(slides, n + 4)],
                  [(slides, n + 7)], [(languages, n + 2)]]
    for row, linked in enumerate(breakdowns):
        if _suppress(linked, by_kiosk, int(summary.rows[row][1])):
            summary.secondary.add((row, 1))
    return Report(since, until, deck, [summary, days, length, slides, languages], kiosks)


def _suppress(linked: list[tuple[Section, int]], by_kiosk: bool, total: int) -> bool:
    """Hide counts (:func:`protect`) in ``linked`` columns that break down one ``total`` (shown
    in the summary), for each kiosk apart when ``by_kiosk`` (its name in column 0); return
    whether the total must be hidden too."""
    kiosks = sorted({str(section.rows[r][0]) if by_kiosk else "" for section, _ in linked
                     for r in range(len(section.rows))})
    places = [[[r for r in range(len(section.rows)) if not by_kiosk or section.rows[r][0] == kiosk]
               for section, _ in linked] for kiosk in kiosks]
    groups = [[[int(section.rows[r][column]) for r in rows] for (section, column), rows in zip(linked, kiosk_rows)]
              for kiosk_rows in places]
    hide, total_hidden = protect(groups, total)
    for kiosk_rows, kiosk_hide in zip(places, hide):
        for (section, column), rows, indexes in zip(linked, kiosk_rows, kiosk_hide):
            section.secondary |= {(rows[i], column) for i in indexes}
    return total_hidden


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
    """The line under the heading that says how counts are rounded and hidden."""
    if exact:
        return "Exact figures (keep them on the kiosk)."
    return LEGEND + (LEGEND_SECONDARY if any(section.secondary for section in report.sections) else "")


def write_csv(report: Report, path: Path, exact: bool = False) -> None:
    """Write the report as CSV: each section as a title row, a header row and its rows, then a blank row.

    The cells are the text tables' (:meth:`Section.cells`): rounded, ``"<5"`` and ``"x"`` as there.
    The file is written whole or not at all (:func:`kiosk.outputs.write_whole`).

    Raises:
        OSError: when ``path`` cannot be written.
    """
    file = io.StringIO(newline="")
    out = csv.writer(file)
    out.writerow([csv_cell(report.heading())])
    out.writerow([csv_cell(legend(report, exact))])
    for section in report.sections:
        out.writerow([])
        out.writerow([csv_cell(section.title)])
        out.writerow([csv_cell(header) for header in section.headers])
        out.writerows([csv_cell(cell) for cell in row] for row in section.cells(exact))
    outputs.write_text_whole(path, file.getvalue())


#: A figure the report writes: a whole or decimal number (``12``, ``1.5``), or ``"-"`` (minutes
#: from too few visits), which a spreadsheet reads as it is.
_FIGURE = re.compile(r"-|-?[0-9]+(?:\.[0-9]+)?")
#: First characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text, never runs.

    Control, bidi and invisible format characters are written as escapes, as on the terminal
    (:func:`kiosk.deck.chars.printable`: ``\\x1b``); a cell that then starts as a formula does
    (:data:`FORMULA_STARTS`) gets a single quote in front, OWASP's advice against CSV injection
    ("CSV Injection", OWASP Foundation), so ``=HYPERLINK("…")`` shows as written. The report's own
    figures (:data:`_FIGURE`: ``12``, ``1.5``, ``-``) stay as they are, numbers to a spreadsheet.

    Args:
        text: a cell of the report.

    Returns:
        The cell to write.
    """
    text = printable(text)
    if text.startswith(FORMULA_STARTS) and not _FIGURE.fullmatch(text):
        return "'" + text
    return text
