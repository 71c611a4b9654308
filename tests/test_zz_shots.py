import pytest
from kiosk import health
from test_staff import start, config, open_menu, kiosk_app, make_player  # noqa

@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920), (1280, 800)])
def test_shot(start, monkeypatch, size):
    health.report("settings.toml:3:1: error: 'rotation': Input should be 0, 90, 180 or 270; using the default — give 0, 90, 180 or 270")
    player = start(size=size)
    open_menu(player, monkeypatch)
    player.click("staffStatus")
    player.sync()
    player.window.grabWindow().save(f"/tmp/fv-status-{size[0]}x{size[1]}.png")
    player.click("staffBack"); player.sync()
    player.click("staffDecks"); player.sync()
    player.window.grabWindow().save(f"/tmp/fv-decks-{size[0]}x{size[1]}.png")
