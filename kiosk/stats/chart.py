"""Charts of a report for a coordinator's report to funders: PNG or SVG, drawn with matplotlib.

matplotlib is an optional extra (``pip install 'kiosk[charts]'``): a kiosk without it still
counts and writes CSV. Counts under 5 are never drawn as their value: such a bar is an
outline from 0 to 5, hatched and labelled ``<5`` (somewhere below 5).
"""

from __future__ import annotations

import io
from pathlib import Path

from kiosk import outputs
from kiosk.stats.report import HIDDEN, SMALL, Report

#: What to say when matplotlib is missing.
INSTALL_HINT = ("charts need matplotlib, which is not installed; install it with "
                "pip install 'kiosk[charts]' (or pip install matplotlib in the kiosk's environment)")
#: Bars shown at most in the pages chart (the most opened).
TOP_PAGES = 15


def chart_data(report: Report, exact: bool = False) -> list[tuple[str, list[tuple[str, int | None]]]]:
    """The figures each chart draws: (title, [(label, count or ``None`` for "<5")]).

    Only these values reach the chart, so a count under 5 is never in it unless ``exact``.
    """
    def value(n: int) -> int | None:
        return int(n) if exact or n >= SMALL or n == 0 else None

    days: dict[str, int] = {}
    for row in report.section("Interactions per day").rows:
        days[str(row[-3])] = days.get(str(row[-3]), 0) + int(row[-2])
    pages: dict[str, int] = {}
    slides = report.section("Slides and pages")
    for row in slides.rows:
        deck, slide, page = row[-8:-5]
        label = f"{slide} › {page}" if page else str(slide)
        if report.deck is None and len({r[-8] for r in slides.rows}) > 1:
            label = f"{deck}: {label}"
        pages[label] = pages.get(label, 0) + int(row[-4])
    top = sorted(((label, n) for label, n in pages.items() if n), key=lambda kv: -kv[1])[:TOP_PAGES]
    languages: dict[str, int] = {}
    for row in report.section("Languages chosen").rows:
        languages[str(row[-2])] = languages.get(str(row[-2]), 0) + int(row[-1])
    return [("Interactions per day", [(day, value(n)) for day, n in sorted(days.items())]),
            ("Slides and pages opened by touch (most opened)", [(label, value(n)) for label, n in top]),
            ("Languages chosen", [(code, value(n)) for code, n in sorted(languages.items(), key=lambda kv: -kv[1])])]


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
    figure.suptitle(report.heading() + ("" if exact else "\n(counts under 5 show as <5)"), fontsize=12)
    for ax, (title, items) in zip(axes, data):
        ax.set_title(title, loc="left", fontsize=12, fontweight="bold")
        ax.spines[["top", "right"]].set_visible(False)
        if not items:
            ax.text(0.5, 0.5, "nothing counted", ha="center", va="center", transform=ax.transAxes, color="#555555")
            ax.set_xticks([])
            ax.set_yticks([])
            continue
        labels = [label for label, _ in items]
        values = [SMALL if n is None else n for _, n in items]
        horizontal = title != "Interactions per day"
        bar = ax.barh if horizontal else ax.bar
        positions = range(len(items))
        bars = bar(positions, values, color=["white" if n is None else "#1b5e8c" for _, n in items],
                   edgecolor="#1b5e8c", hatch=None)
        for rect, (_, n) in zip(bars, items):
            if n is None:
                rect.set_hatch("//")
        ax.bar_label(bars, labels=[HIDDEN if n is None else str(n) for _, n in items], padding=3, fontsize=9)
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
