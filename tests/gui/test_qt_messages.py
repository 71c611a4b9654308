"""No line of Qt's own reaches a user, in any command: what Qt says about itself
("QUnifiedTimer::stopAnimationDriver: driver is not running", "The X11 connection broke") goes to
kiosk.log and is kept for a fault the kiosk says in its own words (kiosk.qt.pictures.quiet_qt_messages)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

#: Makes the kiosk's Qt application as every command does, then has Qt say what it says.
SAYS = textwrap.dedent("""
    from PySide6.QtCore import qCritical, qWarning
    from kiosk.qt.pictures import qt_said
    from kiosk.qt.startup import _application
    app = _application(True)
    qWarning("QUnifiedTimer::stopAnimationDriver: driver is not running")
    qCritical("The X11 connection broke (error 1). Did the X11 server die?")
    print("|".join(qt_said()))
""")


def say(**env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", SAYS], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **env})


def test_what_qt_says_of_itself_never_reaches_the_user_but_is_kept():
    done = say()
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.strip().split("|")[-2:] == ["QUnifiedTimer::stopAnimationDriver: driver is not running",
                                                   "The X11 connection broke (error 1). Did the X11 server die?"]


def test_whoever_works_on_the_kiosk_can_ask_for_qts_lines():
    done = say(KIOSK_QT_MESSAGES="1")
    assert "QUnifiedTimer::stopAnimationDriver: driver is not running" in done.stderr.splitlines()


def test_qts_lines_go_to_kiosk_log(tmp_path):
    runner = SAYS + textwrap.dedent(f"""
        from pathlib import Path
        from kiosk import logs
        log = logs.start(Path({str(tmp_path / 'logs')!r}))
        qWarning("QQuickWindow: something internal")
        log.close()
        logs.stop()
    """)
    done = subprocess.run([sys.executable, "-c", runner], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert "Qt said: QQuickWindow: something internal" in (tmp_path / "logs" / "kiosk.log").read_text()


#: A deck with a long unbroken word (its text is laid out again and again by the fit check).
LONG = """\
deck: {id: t, title: T, languages: [en]}
slides:
  - {id: s, type: text, title: Sign up, body: "Form: forms.example.org/e/QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ/viewform",
     qr: {link: "https://example.org/", label: Scan}}
  - {id: help, type: helpline, phone: "08000 121 700"}
"""


def test_a_render_and_a_check_print_no_line_of_qts(tmp_path):
    deck = tmp_path / "long"
    deck.mkdir()
    (deck / "deck.yaml").write_text(LONG, encoding="utf-8")
    for argv in (["validate", str(deck)], ["render", str(deck), "--size", "1280x800", "--out", str(tmp_path / "r")]):
        done = subprocess.run([sys.executable, "-m", "kiosk", *argv], capture_output=True, text=True, timeout=300,
                              env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
        assert done.returncode == 0, done.stderr
        foreign = [line for line in done.stderr.splitlines()
                   if not line.startswith(("kiosk:", str(deck), "rendering", "checking", "writing"))]
        assert foreign == [], foreign
