"""Awareness kiosk: plays slide decks about modern slavery on a touchscreen.

The package is split by concern:

- :mod:`kiosk.deck` reads and checks deck folders (plain Python, no Qt).
- :mod:`kiosk.player` decides what to show and when (pure state machines, injected clock).
- :mod:`kiosk.qt` draws it with Qt Quick (the only package that imports PySide6).
"""

__version__ = "0.1.0"
