"""The render progress bar: redrawn in place on a terminal, a line per tenth in a log."""

from __future__ import annotations

import io

from kiosk.progress import Progress


def run(tty: bool) -> str:
    stream = io.StringIO()
    bar = Progress(71, stream, tty=tty)
    for what, before, count in (("rendering", 0, 23), ("checking fit", 23, 23), ("writing PDF", 46, 25)):
        stage = bar.stage(what, before)
        for done in range(1, count + 1):
            stage(done, count)
    bar.finish()
    return stream.getvalue()


def test_a_log_gets_one_whole_line_per_tenth_and_no_carriage_returns():
    lines = run(tty=False).splitlines()
    assert "\r" not in run(tty=False)
    assert lines[0] == "rendering: 0% (1/23)" and lines[-1] == "writing PDF: 100% (25/25)"  # each stage's count
    assert [line.split(": ")[1].split("%")[0] for line in lines] == [str(n) for n in range(0, 101, 10)]


def test_a_terminal_gets_one_bar_redrawn_in_place():
    text = run(tty=True)
    assert text.count("\r") == 71 and text.count("\n") == 1
    assert text.endswith(f"\rwriting PDF   [{'#' * 30}] 25/25\n")
    assert f"\rrendering     [{'#' * (14 * 30 // 71)}{' ' * (30 - 14 * 30 // 71)}] 14/23" in text  # as a stop says it


def test_a_step_reported_again_is_not_drawn_again():
    """A check that reports the same step several times (one view at each size) draws it once."""
    stream = io.StringIO()
    bar = Progress(5, stream, tty=True)
    stage = bar.stage("checking fit", 0)
    for done in (1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 5):
        stage(done, 5)
    bar.finish()
    assert stream.getvalue().count("\r") == 5


class Stream(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def test_a_long_command_draws_its_bar_only_when_both_outputs_are_terminals(monkeypatch):
    """kiosk render and kiosk validate alike: a file or a pipe gets no progress line at all."""
    from kiosk import cli

    for out, err in ((True, True), (False, True), (True, False), (False, False)):
        monkeypatch.setattr("sys.stdout", Stream(out))
        monkeypatch.setattr("sys.stderr", Stream(err))
        bar = cli.terminal_bar(10)
        assert (bar is not None) == (out and err)
        if bar:
            bar.stage("rendering", 0)(10, 10)
            bar.finish(clear=True)
            drawn = bar.stream.getvalue()
            assert drawn.startswith("\rrendering") and drawn.endswith("\r")  # redrawn in place, then rubbed out
