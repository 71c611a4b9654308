"""Entry point of the bundled kiosk (PyInstaller): ``kiosk.exe run`` and the other commands.

With no command it runs the kiosk full-screen from its settings, as the Startup-folder
shortcut and the scheduled task do.
"""

import multiprocessing
import sys

from kiosk.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main(sys.argv[1:] or ["run"]))
