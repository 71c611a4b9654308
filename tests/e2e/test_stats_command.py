"""The real ``kiosk stats`` command in a subprocess: a county's counts, cut as the tester cut
them (with and without ``--by-kiosk``, to one day less, a kiosk's own file beside the county's),
show only figures rounded down to a multiple of 5 and ``<5`` in the text, the CSV and the chart;
``--exact`` on the kiosk's own file shows the counts as they are."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest

from kiosk.stats import store
from tests.helpers.process import environment, kiosk

# (kiosk, day, interactions): library 6 then 3, church 3 then 8
VISITS = [("library", "2026-10-01", 6), ("library", "2026-10-02", 3), ("church", "2026-10-01", 3),
          ("church", "2026-10-02", 8)]


def _kiosk_file(path: Path, name: str) -> Path:
    pending: store.Pending = {t: {} for t in store.TABLES}
    for who, day, n in VISITS:
        if who == name:
            at = f"{day} 11:00"
            pending["hours"][(at, "fw")] = [n, 0]
            pending["lengths"][(at, "fw", "10-30 s")] = [n]
            pending["views"][(at, "fw", "help", "")] = [20, n, n, 40.0 * n, n]
            pending["languages"][(day, "fw", "pl")] = [n]
    store.write(path, pending)
    return path


def _stats(*args: str) -> str:
    done = subprocess.run(kiosk("stats", *args), env=environment(), capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done.stdout


def _summary(out: str) -> dict[str, str]:
    lines = out.split("\nSummary\n", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    return {re.split(r"\s{2,}", line.strip())[0]: re.split(r"\s{2,}", line.strip())[1] for line in lines}


def test_every_cut_of_a_countys_counts_shows_rounded_figures_only(tmp_path):
    library, church = _kiosk_file(tmp_path / "library.db", "library"), _kiosk_file(tmp_path / "church.db", "church")
    county = tmp_path / "county.db"
    assert "2 kiosks merged" in _stats("merge", str(library), str(church), "--out", str(county))
    cuts = {
        "county": _stats("--stats-file", str(county)),
        "by kiosk": _stats("--stats-file", str(county), "--by-kiosk"),
        "to the 1st": _stats("--stats-file", str(county), "--until", "2026-10-01"),
        "library": _stats("--stats-file", str(library)),
    }
    for name, out in cuts.items():
        assert "rounded down to a multiple of 5" in out.splitlines()[1], name
        for line in out.splitlines()[3:]:
            cells = re.split(r"\s{2,}", line.strip())
            assert not [c for c in cells if re.fullmatch(r"\d+", c) and int(c) % 5], (name, line)
    # 20 interactions in the county, 9 on the 1st, library's own 9: each a count of its own band
    assert _summary(cuts["county"])["interactions (visitors who touched the screen)"] == "20"
    assert _summary(cuts["to the 1st"])["interactions (visitors who touched the screen)"] == "5"
    assert _summary(cuts["library"])["interactions (visitors who touched the screen)"] == "5"
    assert re.search(r"church\s+2026-10-01\s+<5", cuts["by kiosk"])
    assert re.search(r"library\s+2026-10-01\s+5\s", cuts["by kiosk"])
    # the help slide: 40 s on screen a visit, 20 visits in all (13.3 min), 9 on the 1st (6 min)
    assert re.search(r"fw\s+help\s+80\s+20\s+20\s+10\s+20", cuts["county"])
    assert re.search(r"fw\s+help\s+40\s+5\s+5\s+5\s+5", cuts["to the 1st"])
    assert _stats("--stats-file", str(county), "--csv", str(tmp_path / "county.csv")) == \
        f"kiosk: the tables were written to {tmp_path / 'county.csv'} as CSV\n"
    with open(tmp_path / "county.csv", encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert ["interactions (visitors who touched the screen)", "20"] in rows
    assert ["fw", "help", "", "80", "20", "20", "10", "20"] in rows
    exact = _stats("--stats-file", str(library), "--exact")
    assert exact.splitlines()[1] == "Exact figures (keep them on the kiosk)."
    assert _summary(exact)["interactions (visitors who touched the screen)"] == "9"


def test_the_chart_is_drawn_from_the_rounded_figures(tmp_path):
    pytest.importorskip("matplotlib")
    library, church = _kiosk_file(tmp_path / "library.db", "library"), _kiosk_file(tmp_path / "church.db", "church")
    county = tmp_path / "county.db"
    _stats("merge", str(library), str(church), "--out", str(county))
    out = _stats("--stats-file", str(county), "--by-kiosk", "--chart", str(tmp_path / "county.svg"))
    assert "charts were drawn" in out
    svg = (tmp_path / "county.svg").read_text(encoding="utf-8")
    labels = re.findall(r"<!-- (.*?) -->", svg)  # matplotlib names each text it draws as paths
    assert any("rounded down to a multiple of 5" in label for label in labels)
    # the 1st: library 5 (6) and church <5 (3) make a bar of 6 to 13; the 2nd: <5 (3) and 5 (8), 6 to 13 too;
    # help, opened 20 times, and Polish, chosen 20 times: church 10 (11) and library 5 (9), 15 to 23
    assert labels.count("6 to 13") == 2 and labels.count("15 to 23") == 2, labels
