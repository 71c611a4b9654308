"""Charts of a report for a coordinator's report to funders: PNG or SVG, drawn with matplotlib.

matplotlib is an optional extra (``pip install 'kiosk[charts]'``): a kiosk without it still
counts and writes CSV. A bar shows what the tables show, never more: a count rounded down to a
multiple of 5 (:func:`kiosk.stats.report.shown`); a count under 5 as an outline from 0 to 5,
hatched and labelled ``<5``; a count hidden as ``x`` hatched, labelled ``x``; and a bar that
adds up several kiosks' or decks' figures as the range those figures allow, solid to the least
it can be and hatched on to the most, never more than the report's own total of them allows (two
``<5`` beside a summary of ``<5`` are 2 to 4, not 2 to 8).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from kiosk import outputs
from kiosk.stats.report import (
    HIDDEN,
    INTERACTIONS,
    LANGUAGES_CHOSEN,
    SECONDARY,
    SMALL,
    TOUCH_OPENED,
    Report,
    Section,
    shown,
)

#: What to say when matplotlib is missing.
INSTALL_HINT = ("charts need matplotlib, which is not installed; install it with "
                "pip install 'kiosk[charts]' (or pip install matplotlib in the kiosk's environment)")
#: Bars shown at most in the pages chart (the most opened).
TOP_PAGES = 15


Value = int | tuple[int, float] | None
Cell = tuple[Section, int, int]


def figure_of(cells: list[Cell], exact: bool = False, most: float = math.inf) -> Value:
    """What a bar made of the counts in ``cells`` (section, row, column) shows.

    Args:
        cells: the counts the bar adds up.
        exact: show their sum as it is (``kiosk stats --exact``).
        most: the highest their sum can be by the report's own total they are part of (the
            upper end of the summary's figure, :meth:`~kiosk.stats.report.Section.bounds`), so a
            bar never reads as more than the summary allows (two ``"<5"`` beside a total shown
            ``"<5"`` are 2 to 4, not 2 to 8); ``inf`` when not known.

    Returns:
        with ``exact``, the sum of the counts; else, for one count, its figure as the tables
        show it (:func:`~kiosk.stats.report.shown`: a whole number rounded down to a multiple
        of 5, ``None`` for ``"<5"``, ``(0, inf)`` for one hidden as ``"x"``); for several (a
        sum over kiosks or decks), (lowest, highest) their shown figures and ``most`` allow
        (:meth:`~kiosk.stats.report.Section.bounds`; highest ``inf`` when one is hidden and
        ``most`` is not known), or 0 when all are 0; a sum they pin to one value is shown as
        one count is. Never a count the tables do not show.
    """
    if exact:
        return sum(int(section.rows[r][column]) for section, r, column in cells)
    if len(cells) == 1:
        section, r, column = cells[0]
        if (r, column) in section.secondary:
            return (0, math.inf)
        figure = shown(int(section.rows[r][column]))
        return None if figure == HIDDEN else int(figure)
    low = sum(section.bounds(r, column)[0] for section, r, column in cells)
    high = min(most, sum(section.bounds(r, column)[1] for section, r, column in cells))
    if low < high:
        return (int(low), high)
    figure = shown(int(low))  # pinned to one value: shown as the tables show a count
    return None if figure == HIDDEN else int(figure)


def least(n: Value) -> float:
    """The least a value of :func:`figure_of` can be (``"<5"``: 1), to order bars by."""
    if n is None:
        return 1
    return n[0] if isinstance(n, tuple) else n


def chart_data(report: Report, exact: bool = False) -> list[tuple[str, list[tuple[str, Value]]]]:
    """The figures each chart draws: (title, [(label, value)]), each value by :func:`figure_of`.

    Interactions per day (summed over kiosks), the pages opened most by touch (summed over
    kiosks; named with their deck when there are several), languages chosen (summed over
    kiosks and decks), most chosen first.
    """
    days: dict[str, list[Cell]] = {}
    per_day = report.section("Interactions per day")
    for r, row in enumerate(per_day.rows):
        days.setdefault(str(row[-3]), []).append((per_day, r, len(row) - 2))
    pages: dict[str, list[Cell]] = {}
    slides = report.section("Slides and pages")
    decks = {row[-8] for row in slides.rows}
    for r, row in enumerate(slides.rows):
        deck, slide, page = row[-8:-5]
        label = f"{slide} › {page}" if page else str(slide)
        if report.deck is None and len(decks) > 1:
            label = f"{deck}: {label}"
        pages.setdefault(label, []).append((slides, r, len(row) - 4))
    languages: dict[str, list[Cell]] = {}
    chosen = report.section("Languages chosen")
    for r, row in enumerate(chosen.rows):
        languages.setdefault(str(row[-2]), []).append((chosen, r, len(row) - 1))

    summary = report.section("Summary")

    def most(what: str) -> float:
        """The upper end of the summary's figure for ``what`` (a row of it): no bar adds up to more."""
        return next(summary.bounds(r, 1)[1] for r, row in enumerate(summary.rows) if row[0] == what)

    def figures(bars: dict[str, list[Cell]], total: str) -> list[tuple[str, Value]]:
        ceiling = most(total)
        return [(label, figure_of(cells, exact, ceiling)) for label, cells in bars.items()]

    def most_first(items: list[tuple[str, Value]]) -> list[tuple[str, Value]]:
        return sorted(items, key=lambda kv: (-least(kv[1]), kv[0]))

    top = most_first([(label, n) for label, n in figures(pages, TOUCH_OPENED) if n != 0])[:TOP_PAGES]
    return [("Interactions per day", sorted(figures(days, INTERACTIONS))),
            ("Slides and pages opened by touch (most opened)", top),
            ("Languages chosen", most_first(figures(languages, LANGUAGES_CHOSEN)))]


def label_of(n: Value) -> str:
    """How a chart labels a value of :func:`figure_of`: ``"<5"``, ``"x"``, ``"15"``,
    ``"15 to 23"`` or ``"15 or more"``."""
    if n is None:
        return HIDDEN
    if isinstance(n, tuple):
        low, high = n
        if math.isinf(high):
            return SECONDARY if low == 0 else f"{low} or more"
        return f"{low} to {int(high)}"
    return str(n)


def extent(n: Value) -> tuple[float, float]:
    """Where a bar for a value of :func:`figure_of` is solid to, and where its hatched part ends.

    A figure: solid to it. ``"<5"``: a hatched outline from 0 to 5. A range: solid to its lowest
    end, hatched on to its highest (5 further when it has no upper end). ``"x"``, a count hidden:
    no bar at all, only its label (any height would say something of it).
    """
    if n is None:
        return 0, SMALL
    if isinstance(n, tuple):
        low, high = n
        if math.isinf(high):
            return (0, 0) if low == 0 else (low, low + SMALL)
        return low, high
    return n, n


def draw(report: Report, path: Path, exact: bool = False) -> None:
    """Draw the report's charts into ``path`` (``.png`` or ``.svg``).

    Raises:
        ImportError: when matplotlib is not installed (see :data:`INSTALL_HINT`).
        OSError: when ``path`` cannot be written.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    data = chart_data(report, exact)
    figure, axes = pyplot.subplots(len(data), 1, figsize=(10, 13), layout="constrained")
    figure.suptitle(report.heading() + ("" if exact else "\n(counts rounded down to a multiple of 5; hatched: a count "
                                                         "under 5, or what a sum leaves open; x: a count hidden)"),
                    fontsize=12)
    for ax, (title, items) in zip(axes, data):
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
        ax.spines[["top", "right"]].set_visible(False)
        if not items:
            ax.text(0.5, 0.5, "nothing counted", ha="center", va="center", transform=ax.transAxes, color="#555555")
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        labels = [label for label, _ in items]
        solid, top = zip(*(extent(n) for _, n in items))
        horizontal = title != "Interactions per day"
        bar = ax.barh if horizontal else ax.bar
        positions = range(len(items))
        base = {"left" if horizontal else "bottom": solid}
        ax_hidden = bar(positions, [t - s for t, s in zip(top, solid)], color="white", edgecolor="#1b5e8c",
                        hatch="//", **base)
        bar(positions, solid, color="#1b5e8c", edgecolor="#1b5e8c")
        ax.bar_label(ax_hidden, labels=[label_of(n) for _, n in items], padding=3, fontsize=9)
        # room for the labels beyond the longest bar (a bar's end would otherwise stop the axis there)
        end = (max(top) or SMALL) * (1.15 if horizontal else 1.12)
        if horizontal:
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()
            ax.set_xlabel("times")
            ax.set_xlim(0, end)
            ax.margins(y=0.02)
        else:
            ax.set_xticks(list(positions), labels, rotation=45 if len(items) > 7 else 0, ha="right"
                          if len(items) > 7 else "center")
            ax.set_ylabel("interactions")
            ax.set_ylim(0, end)
            ax.margins(x=0.02)
    drawn = io.BytesIO()
    figure.savefig(drawn, dpi=150, format=Path(path).suffix.lower().lstrip(".") or "png")
    pyplot.close(figure)
    outputs.write_whole(path, drawn.getvalue())  # whole or not at all
