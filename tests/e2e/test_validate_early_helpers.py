"""``kiosk validate`` of a long deck checked for the first time starts its fit check's helper
processes before the deck is read (one loads Qt and copies itself); the starting process loads no
Qt of its own for a deck without pictures. The verdicts and the view keys kept in the check cache
are those of a check whose helpers start after the deck is read, the helpers never import the
deck's model, and no helper outlives the command, however it ends."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk import paths
from tests.helpers.process import environment

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="helpers are copies (fork) on Linux")

#: Runs kiosk validate on argv[1] in this process (argv[2] "late": helpers only once the deck is
#: read), then prints whether early helpers were started and whether this process loaded Qt.
VALIDATE = """
import sys
from kiosk import cli
from kiosk.qt import fit
started = []
start = fit.start_early_helpers
fit.start_early_helpers = lambda *a, **k: started.append(1) or start(*a, **k)
if sys.argv[2:] == ["late"]:
    cli.EARLY_HELPERS_FROM_BYTES = 10 ** 9
code = cli.main(["validate", sys.argv[1]])
print("early helpers:", len(started), "Qt here:", "PySide6.QtCore" in sys.modules, "exit:", code)
"""

#: Prints the keys of the view verdicts kept in the check cache, as JSON.
KEYS = "from kiosk import checkcache; import json; print(json.dumps(sorted(checkcache.lookup_table('fit-views'))))"


def _deck(tmp_path: Path) -> Path:
    deck = tmp_path / "deck"
    shutil.copytree(paths.default_deck(), deck)
    return deck


def _run(code: str, *args: str, cache: Path) -> str:
    env = {**environment(), "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(cache)}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_early_helpers_give_the_same_verdicts_and_keys_and_no_qt_is_loaded_here(tmp_path):
    deck = _deck(tmp_path)
    early = _run(VALIDATE, str(deck), cache=tmp_path / "early")
    late = _run(VALIDATE, str(deck), "late", cache=tmp_path / "late")
    assert early.splitlines()[-1] == "early helpers: 1 Qt here: False exit: 0"
    assert late.splitlines()[-1] == "early helpers: 0 Qt here: True exit: 0"
    assert early.splitlines()[:-1] == late.splitlines()[:-1]  # every problem and the summary
    kept = json.loads(_run(KEYS, cache=tmp_path / "early"))
    assert len(kept) > 100 and kept == json.loads(_run(KEYS, cache=tmp_path / "late"))
    again = _run(VALIDATE, str(deck), cache=tmp_path / "early")  # from the verdicts kept
    assert again.splitlines()[:-1] == early.splitlines()[:-1]
    assert again.splitlines()[-1] == "early helpers: 0 Qt here: False exit: 0"


#: Runs kiosk validate on argv[1], each fit helper noting in a file of its own under argv[2], as it
#: starts its views, which of the deck model's modules it holds.
HELPER_MODULES = """
import os, sys
from pathlib import Path
from kiosk import cli
from kiosk.qt import fit
here, check = os.getpid(), fit._check_tasks
def noted(*args, **kwargs):
    if os.getpid() != here:
        held = [name for name in ("pydantic", "kiosk.deck.model") if name in sys.modules]
        Path(sys.argv[2], str(os.getpid())).write_text(" ".join(held) or "none")
    return check(*args, **kwargs)
fit._check_tasks = noted
print("exit:", cli.main(["validate", sys.argv[1]]))
"""


def test_early_helpers_are_told_the_deck_in_its_plain_form(tmp_path):
    # The deck reaches them as kiosk run's drawing process gets it (kiosk.deck.plain): they never
    # import pydantic and the deck's model, on the way to their first view.
    deck, notes = _deck(tmp_path), tmp_path / "notes"
    notes.mkdir()
    assert _run(HELPER_MODULES, str(deck), str(notes), cache=tmp_path / "cache").splitlines()[-1] == "exit: 0"
    held = [note.read_text() for note in notes.iterdir()]
    assert len(held) >= 2 and set(held) == {"none"}


def _descendants(pid: int) -> set[int]:
    found, pending = set(), [pid]
    while pending:
        current = pending.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            found.add(child)
            pending.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="reads /proc")
def test_no_helper_outlives_a_validate_killed_mid_check(tmp_path):
    deck = _deck(tmp_path)
    env = {**environment(), "QT_QPA_PLATFORM": "offscreen", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "validate", str(deck)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        helpers: set[int] = set()
        while len(helpers) < 2:  # the first helper and its copy (a grandchild)
            assert proc.poll() is None and time.monotonic() < deadline, "no helpers seen"
            helpers = {pid for pid in _descendants(proc.pid) if _alive(pid)}
            time.sleep(0.01)
        proc.kill()  # no clean-up of its own: the helpers end with it
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while any(_alive(pid) for pid in helpers):
            assert time.monotonic() < deadline, f"helpers left: {[p for p in helpers if _alive(p)]}"
            time.sleep(0.05)
    finally:
        if proc.poll() is None:
            proc.kill()
