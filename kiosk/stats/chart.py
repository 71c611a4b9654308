"""Charts of a report for a coordinator's report to funders: PNG or SVG, drawn with matplotlib.

matplotlib is an optional extra (``pip install 'kiosk[charts]'``): a kiosk without it still
counts and writes CSV. Counts under 5 are never drawn as their value: such a bar is an
outline from 0 to 5, hatched and labelled ``<5`` (somewhere below 5); a sum that holds hidden
counts is solid to the least it can be and hatched on to the most, labelled with that range.
"""

from __future__ import annotations

import io
from pathlib import Path

from kiosk import outputs
from kiosk.stats.report import HIDDEN, SMALL, Report, shown_range

#: What to say when matplotlib is missing.
INSTALL_HINT = ("charts need matplotlib, which is not installed; install it with "
                "pip install 'kiosk[charts]' (or pip install matplotlib in the kiosk's environment)")
#: Bars shown at most in the pages chart (the most opened).
TOP_PAGES = 15


Value = int | tuple[int, float] | None


def chart_data(report: Report, exact: bool = False) -> list[tuple[str, list[tuple[str, Value]]]]:
    """The figures each chart draws: (title, [(label, value)]).

    A value is a count, ``None`` for "<5", or (lowest, highest) for a sum of counts some of
    which are hidden (highest ``inf`` when it sums one hidden as "x"). Sums over kiosks and
    decks are made from what the tables show (:meth:`Section.bounds`), never from the hidden
    counts, so a bar tells nothing the tables do not; a count under 5 is never in it unless ``exact``.
    """
    def cell(section, r: int, column: int) -> tuple[float, float]:
        return (section.rows[r][column],) * 2 if exact else section.bounds(r, column)

    def value(low: float, high: float) -> Value:
        if low == high:
            return int(low) if exact or low >= SMALL or low == 0 else None
        return None if low >= 1 and high < SMALL else (int(low), high)

    def add(into: dict[str, list[float]], label: str, bounds: tuple[float, float]) -> None:
        into.setdefault(label, [0, 0])
        into[label][0] += bounds[0]
        into[label][1] += bounds[1]

    days: dict[str, list[float]] = {}
    per_day = report.section("Interactions per day")
    for r, row in enumerate(per_day.rows):
        add(days, str(row[-3]), cell(per_day, r, len(row) - 2))
    pages: dict[str, list[float]] = {}
    slides = report.section("Slides and pages")
    for r, row in enumerate(slides.rows):
        deck, slide, page = row[-8:-5]
        label = f"{slide} › {page}" if page else str(slide)
        if report.deck is None and len({r[-8] for r in slides.rows}) > 1:
            label = f"{deck}: {label}"
        add(pages, label, cell(slides, r, len(row) - 4))
    top = sorted(((label, b) for label, b in pages.items() if b[1]), key=lambda kv: (-kv[1][0], kv[0]))[:TOP_PAGES]
    languages: dict[str, list[float]] = {}
    chosen = report.section("Languages chosen")
    for r, row in enumerate(chosen.rows):
        add(languages, str(row[-2]), cell(chosen, r, len(row) - 1))
    return [("Interactions per day", [(day, value(*b)) for day, b in sorted(days.items())]),
            ("Slides and pages opened by touch (most opened)", [(label, value(*b)) for label, b in top]),
            ("Languages chosen", [(code, value(*b)) for code, b in sorted(languages.items(),
                                                                         key=lambda kv: (-kv[1][0], kv[0]))])]


def label_of(n: Value) -> str:
    """How a chart labels a value of :func:`chart_data`."""
    if n is None:
        return HIDDEN
    if isinstance(n, tuple):
        return shown_range(*n)
    return str(n)


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
    figure.suptitle(report.heading() + ("" if exact else "\n(counts under 5 show as <5; hatched: a count or part of "
                                                         "a total that is hidden)"), fontsize=12)
    for ax, (title, items) in zip(axes, data):
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
        ax.spines[["top", "right"]].set_visible(False)
        if not items:
            ax.text(0.5, 0.5, "nothing counted", ha="center", va="center", transform=ax.transAxes, color="#555555")
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        labels = [label for label, _ in items]
        # a count: a solid bar; "<5": a hatched outline to 5; a range: solid to its lowest end,
        # hatched on to its highest (a little further when it has no upper end)
        solid = [0 if n is None else n[0] if isinstance(n, tuple) else n for _, n in items]
        top = [SMALL if n is None else (n[1] if n[1] != float("inf") else n[0] + SMALL) if isinstance(n, tuple)
               else n for _, n in items]
        horizontal = title != "Interactions per day"
        bar = ax.barh if horizontal else ax.bar
        positions = range(len(items))
        base = {"left" if horizontal else "bottom": solid}
        ax_hidden = bar(positions, [t - s for t, s in zip(top, solid)], color="white", edgecolor="#1b5e8c",
                        hatch="//", **base)
        bar(positions, solid, color="#1b5e8c", edgecolor="#1b5e8c")
        ax.bar_label(ax_hidden, labels=[label_of(n) for _, n in items], padding=3, fontsize=9)
        if horizontal:
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()
            ax.set_xlabel("times")
        else:
            ax.set_xticks(list(positions), labels, rotation=45 if len(items) > 7 else 0, ha="right"
                          if len(items) > 7 else "center")
            ax.set_ylabel("interactions")
        ax.margins(x=0.08 if horizontal else 0.02, y=0.02 if horizontal else 0.12)
    drawn = io.BytesIO()
    figure.savefig(drawn, dpi=150, format=Path(path).suffix.lower().lstrip(".") or "png")
    pyplot.close(figure)
    outputs.write_whole(path, drawn.getvalue())  # whole or not at all
