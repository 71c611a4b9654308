"""The drawing process loads :mod:`zoneinfo` with the search path the checking process found
(:func:`kiosk.walltime.use_search_path`), so the build's configuration table (``sysconfig``'s
``_sysconfigdata``, half a MiB) is never loaded for it, and zones are found as before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zoneinfo

import pytest

PROBE = """
import json, os, sys
from kiosk import walltime
walltime.use_search_path(json.loads(sys.argv[1]))
zone = walltime.zone_named("Europe/London")
import zoneinfo
print(json.dumps({"zone": str(zone), "tzpath": list(zoneinfo.TZPATH),
                  "sysconfig_table": any(m.startswith("_sysconfigdata") for m in sys.modules),
                  "env_left": "PYTHONTZPATH" in os.environ}))
"""


def _probe(search_path: object, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONTZPATH"}
    out = subprocess.run([sys.executable, "-c", PROBE, json.dumps(search_path)], capture_output=True, text=True,
                         timeout=60, env={**clean, **env})
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def system_path() -> list[str]:
    try:
        zoneinfo.ZoneInfo("Europe/London")
    except zoneinfo.ZoneInfoNotFoundError:
        pytest.skip("this machine has no Europe/London zone")
    if not zoneinfo.TZPATH:
        pytest.skip("this Python finds zones only in the tzdata package")
    return list(zoneinfo.TZPATH)


def test_a_known_search_path_finds_the_zone_without_the_build_configuration(system_path):
    seen = _probe(system_path)
    assert seen == {"zone": "Europe/London", "tzpath": system_path, "sysconfig_table": False, "env_left": False}


def test_without_a_known_path_zoneinfo_reads_its_own_default(system_path):
    seen = _probe([])
    assert seen["zone"] == "Europe/London" and seen["tzpath"] == system_path and not seen["env_left"]


@pytest.mark.parametrize("given", [["relative/zoneinfo"], ["/usr/share/zoneinfo", 3], "not a list"])
def test_a_path_that_is_not_one_of_absolute_folders_is_not_taken(system_path, given):
    seen = _probe(given)
    assert seen["tzpath"] == system_path and seen["zone"] == "Europe/London"


def test_pythontzpath_set_by_the_machine_still_wins(system_path, tmp_path):
    seen = _probe([str(tmp_path)], PYTHONTZPATH=os.pathsep.join(system_path))
    assert seen["tzpath"] == system_path and seen["zone"] == "Europe/London"
