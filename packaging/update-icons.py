"""Refresh the bundled pictograms in ``assets/icons/`` from an unpacked ``@tabler/icons`` npm package.

Usage (from the repository's top folder)::

    npm pack @tabler/icons && tar xzf tabler-icons-*.tgz      # unpacks into ./package
    python3 packaging/update-icons.py package [NAME ...]

Copies again every outline SVG already bundled, plus each NAME given, writes ``names.json``
(every outline name in the set, so ``kiosk validate`` can tell "not bundled" from "no such
pictogram" and suggest close names) and copies the set's MIT ``LICENSE``. Only the SVGs a deck
may use are bundled, never the whole set; each without the set's invisible 24×24 frame path.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "icons"
#: The invisible frame path each drawing of the set starts with.
FRAME = re.compile(r'\s*<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*/>')


def main(argv: list[str]) -> int:
    """Run the update; returns the exit code (1 when a NAME is not in the set)."""
    if not argv:
        print(__doc__)
        return 1
    package = Path(argv[0])
    outline = package / "icons" / "outline"
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    every = sorted(p.stem for p in outline.glob("*.svg"))
    wanted = sorted({p.stem for p in (ASSETS / "svg").glob("*.svg")} | set(argv[1:]))
    unknown = [name for name in wanted if name not in every]
    if unknown:
        print(f"not in @tabler/icons {version}: {', '.join(unknown)}", file=sys.stderr)
        return 1
    (ASSETS / "svg").mkdir(parents=True, exist_ok=True)
    for name in wanted:
        # Tabler's drawings open with an invisible 24×24 frame path; some PDF renderers draw it.
        text = FRAME.sub("", (outline / f"{name}.svg").read_text(encoding="utf-8"))
        (ASSETS / "svg" / f"{name}.svg").write_text(text, encoding="utf-8")
    shutil.copyfile(package / "LICENSE", ASSETS / "LICENSE")
    index = {"set": "Tabler Icons", "version": version, "style": "outline", "names": every}
    (ASSETS / "names.json").write_text(json.dumps(index, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(wanted)} pictograms bundled, {len(every)} names indexed (@tabler/icons {version})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
