"""The Qt layer: the only package that imports PySide6.

Once it is loaded, a stop signal waits for a safe point (:func:`kiosk.stopsignals.hold`):
raised inside a Qt call (a picture being painted), it could crash the process.
"""

from kiosk import stopsignals

stopsignals.hold()


def plain_imports() -> None:
    """Give Python back its own ``import`` (``builtins.__import__``) after PySide6 took it over.

    PySide6 routes every later ``import`` statement through its ``__feature__`` hook, which
    reads the source of each module the first time it is named, to see whether it mentions
    PySide6 (for ``from __feature__ import snake_case``, which the kiosk never uses): about
    17 ms of the kiosk's start-up. PySide6 keeps the import it wrapped as
    ``builtins.__orig_import__`` (its own lazy loader of Qt modules, itself around Python's);
    that one is put back. Called once PySide6 is imported, before the kiosk's Qt modules.
    """
    import builtins

    original = getattr(builtins, "__orig_import__", None)
    if original is not None and builtins.__import__ is getattr(builtins, "__feature_import__", None):
        builtins.__import__ = original
