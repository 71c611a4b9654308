"""Reports from the counts database: a table for the terminal, CSV for a spreadsheet.

Small numbers can point at a person in a quiet venue, so every count under
:data:`SMALL` (but not 0) is shown as ``"<5"``, and a time on screen made by fewer than
:data:`SMALL` visits as ``"-"``, unless exact figures are asked for (``kiosk stats --exact``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import outputs
from kiosk.stats import store

#: Counts under this are shown as "<5" (the usual small-number rule for published counts).
SMALL = 5
#: How a suppressed count is shown.
HIDDEN = f"<{SMALL}"


@dataclass
class Section:
    """One table of the report.

    Attributes:
        title: its heading.
        headers: column names.
        rows: the values (text, or numbers before suppression).
        counts: indexes of the columns holding counts (suppressed under :data:`SMALL`).
        minutes: index of a minutes column and of the count of visits behind it, or ``None``.
    """

    title: str
    headers: list[str]
    rows: list[list[str | int | float]] = field(default_factory=list)
    counts: tuple[int, ...] = ()
    minutes: tuple[int, int] | None = None

    def cells(self, exact: bool = False) -> list[list[str]]:
        """The rows as text: counts under :data:`SMALL` as ``"<5"`` unless ``exact``."""
        out = []
        for row in self.rows:
            cells = [str(value) for value in row]
            for i in self.counts:
                cells[i] = shown(int(row[i]), exact)
            if self.minutes is not None:
                at, visits = self.minutes
                cells[at] = f"{row[at]:.1f}" if exact or int(row[visits]) >= SMALL else "-"
            out.append(cells)
        return out


def shown(count: int, exact: bool = False) -> str:
    """``count`` as text, or ``"<5"`` when it is from 1 to under :data:`SMALL` and not ``exact``.

    Zero is shown as ``"0"``: it tells of nobody, and "<5" would read as "a few people".
    """
    return str(count) if exact or count >= SMALL or count == 0 else HIDDEN


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

    summary = Section("Summary", ["what", "count"], counts=(1,), rows=[
        ["interactions (visitors who touched the screen)", total("hours", "interactions")],
        ["returns to the loop after the idle timeout", total("hours", "idle_returns")],
        ["slides shown by the loop", total("views", "loop_shown")],
        ["slides and pages opened by touch", total("views", "touch_opened")],
        ["QR codes on screen while touched", total("views", "qr_touched")],
        ["languages chosen", total("languages", "chosen")],
    ])
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
    return Report(since, until, deck, [summary, days, length, slides, languages], kiosks)


def text(report: Report, exact: bool = False) -> str:
    """The report as aligned plain-text tables, for the terminal."""
    lines = [report.heading(), "Counts under 5 show as <5." if not exact else "Exact figures (keep them on the kiosk)."]
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


def write_csv(report: Report, path: Path, exact: bool = False) -> None:
    """Write the report as CSV: each section as a title row, a header row and its rows, then a blank row.

    The file is written whole or not at all (:func:`kiosk.outputs.write_whole`).

    Raises:
        OSError: when ``path`` cannot be written.
    """
    file = io.StringIO(newline="")
    out = csv.writer(file)
    out.writerow([report.heading()])
    for section in report.sections:
        out.writerow([])
        out.writerow([section.title])
        out.writerow(section.headers)
        out.writerows(section.cells(exact))
    outputs.write_text_whole(path, file.getvalue())
