"""The player's QML passes ``qmllint`` with no warning, knowing the Python singletons' types.

``pyside6-qmllint`` reads the ``Kiosk`` module (``kiosk/qt/qml/Kiosk/qmldir``) and, for the
Python singletons (``Player``, ``Hours``, ``Staff``, ``Setup``), ``kiosk.qmltypes`` written by
:mod:`kiosk.qt.qmlmodule`; a wrong property name on them is a warning like any other.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.qt import qmlmodule

QMLLINT = Path(sys.executable).with_name("pyside6-qmllint")
QML_FILES = sorted(qmlmodule.MODULE_DIR.rglob("*.qml"))


def lint(files: list[Path]) -> list[str]:
    """Every message ``qmllint`` gives for ``files`` (info included), as ``file:line:col: message [id]``."""
    done = subprocess.run([str(QMLLINT), "--json", "-", "-I", str(qmlmodule.IMPORT_PATH), *map(str, files)],
                          capture_output=True, text=True, timeout=300, check=False)
    report = json.loads(done.stdout)
    return [f"{Path(f['filename']).name}:{w.get('line')}:{w.get('column')}: {w['message']} [{w.get('id')}]"
            for f in report["files"] for w in f["warnings"]] + \
           [f"{Path(f['filename']).name}: qmllint could not read it" for f in report["files"] if not f["success"]
            and not f["warnings"]]


pytestmark = pytest.mark.skipif(not QMLLINT.exists(), reason="pyside6-qmllint is not installed")


def test_every_qml_file_is_lint_clean():
    assert len(QML_FILES) > 20  # Main, Theme, the parts and the slides
    assert lint(QML_FILES) == []


def test_qmllint_knows_the_python_singletons(tmp_path):
    """The clean result above means something: a misspelt property on a singleton is caught."""
    probe = tmp_path / "Probe.qml"
    probe.write_text("import QtQuick\nimport Kiosk\n"
                     "Item { property bool paused: Player.pausd; property int turn: Setup.rotation }\n")
    messages = lint([probe])
    assert len(messages) == 1 and 'Member "pausd" not found on type "Backend"' in messages[0], messages


def test_qmltypes_file_is_current():
    """``kiosk.qmltypes`` describes the classes as they are: after changing a property, signal
    or slot of a singleton, run ``python -m kiosk.qt.qmlmodule``."""
    assert qmlmodule.QMLTYPES.read_text(encoding="utf-8") == qmlmodule.qmltypes_text()


def test_qmldir_names_every_qml_file():
    listed = {line.split()[-1] for line in (qmlmodule.MODULE_DIR / "qmldir").read_text().splitlines()
              if line.endswith(".qml")}
    assert listed == {str(path.relative_to(qmlmodule.MODULE_DIR)) for path in QML_FILES}
