"""The command line of a new Python process that runs one of the kiosk's own modules (the deck
check, the deck list, the visitor counts' writer).

``python -m`` puts the current folder first on the module search path: a folder named
``kiosk`` in the folder the kiosk was started from (a coordinator's folder of decks, the parent
of a checkout, or one put there on purpose) would then stand in for the kiosk's own code in the
child, run it, or leave it unable to import anything. ``-P`` (Python 3.11's safe path) leaves the
current folder out; the installed kiosk, and ``PYTHONPATH`` when set, are searched as before.
``kiosk.start`` also sets ``PYTHONSAFEPATH`` for every child Python, so the helpers
:mod:`multiprocessing` starts (``python -c …``) are safe in the same way.
"""

from __future__ import annotations

import sys


def module_command(module: str, *args: str) -> list[str]:
    """``[this Python, "-P", "-m", module, *args]``: the command line that runs the kiosk's
    ``module`` (a dotted name, ``"kiosk.qt.checker"``) in a new interpreter, the current folder
    left off its module search path (see the module's docstring)."""
    return [sys.executable, "-P", "-m", module, *args]
