"""The Qt layer: the only package that imports PySide6.

Once it is loaded, a stop signal waits for a safe point (:func:`kiosk.stopsignals.hold`):
raised inside a Qt call (a picture being painted), it could crash the process.
"""

from kiosk import stopsignals

stopsignals.hold()
