"""A picture too long and thin to show is refused by the checking child the running kiosk uses,
as by ``kiosk validate``: the player never tries to decode it (which printed "QImage: out of
memory, returning null" and left the slide blank)."""

from __future__ import annotations

from PIL import Image

from kiosk.qt.checker import check_in_child


def test_the_checking_child_refuses_a_picture_too_long_and_thin_to_show(tmp_path):
    Image.new("RGB", (1, 20000), "red").save(tmp_path / "line.png")
    (tmp_path / "deck.yaml").write_text(
        "deck: {id: line, title: Line}\nslides:\n"
        "  - {id: a, type: image, image: line.png, alt: A line}\n"
        '  - {id: help, type: helpline, phone: "08000 121 700"}\n', encoding="utf-8")
    verdict = check_in_child(tmp_path)
    assert not verdict.failure and not verdict.ok
    [error] = [p for p in verdict.problems if p.severity == "error"]
    assert error.line == 3 and "a shape that cannot be shown" in error.message
