"""A running kiosk logs a checked deck's review notes (``kiosk validate``'s notes, for the deck's
editors) at INFO, its errors and warnings at WARNING: a deck with translations still to review
is no fault of the venue's."""

from __future__ import annotations

import logging

from kiosk.deck.problems import Problem
from kiosk.qt.watch import log_problems


def test_notes_are_info_and_problems_warnings(caplog):
    problems = [Problem("deck.yaml", 3, 5, "an error", "fix it"),
                Problem("deck.yaml", 4, 5, "a warning", "look", severity="warning"),
                Problem("deck.yaml", 5, 5, "texts need review", "ask a native speaker", severity="note")]
    with caplog.at_level(logging.DEBUG, logger="kiosk"):
        log_problems(problems)
    lines = [record for record in caplog.records if record.args and isinstance(record.args[0], Problem)]
    levels = {record.getMessage().split(": ", 2)[1].split(":")[0]: record.levelno for record in lines}
    assert levels == {"error": logging.WARNING, "warning": logging.WARNING, "note": logging.INFO}
    # On stderr: the error and the warning as they are, and the notes counted, as kiosk run says them at start.
    printed = [(record.getMessage(), getattr(record, "stderr", None)) for record in caplog.records
               if getattr(record, "stderr", None)]
    assert printed == [(lines[0].getMessage(), "as is"), (lines[1].getMessage(), "as is"),
                       ("deck.yaml: 1 note (kiosk validate lists them)", "kiosk")]
