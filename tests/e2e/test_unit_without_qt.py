"""``tests/unit`` passes where PySide6 cannot be imported, as in a virtual environment without it.

A folder first on ``PYTHONPATH`` holds a ``PySide6`` package whose import raises ImportError,
so every ``import PySide6...`` fails as it does when the wheel is not installed; pytest-qt,
which needs Qt, is left out with ``-p no:pytest-qt``.
"""

from __future__ import annotations

import os
import subprocess
import sys

from helpers import ROOT


def test_unit_tests_pass_without_pyside6(tmp_path):
    blocker = tmp_path / "no-qt" / "PySide6"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text('raise ImportError("No module named \'PySide6\' (blocked by the test)")\n')
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker.parent), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "pytest", "tests/unit", "-q", "-p", "no:pytest-qt", "-p", "no:cacheprovider",
                           "-x", "-W", "ignore::pytest.PytestConfigWarning"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
