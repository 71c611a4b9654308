"""Why the player stops and its exit code (:class:`kiosk.player.stopping.Stopping`): the first
reason decides both, whatever comes after it and whichever call ends Qt's event loop."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.player.stopping import DONE, NOT_DONE, Stopping

REASONS = st.tuples(st.text(min_size=1, max_size=20), st.sampled_from([DONE, NOT_DONE]))


def test_nothing_asked_to_stop_is_exit_0_with_no_reason():
    stopping = Stopping()
    assert not stopping and stopping.reason is None and stopping.code == DONE


def test_closing_time_then_a_signal_is_still_exit_1():
    stopping = Stopping()
    assert stopping.stop("closed by the opening hours in settings.toml:2", NOT_DONE) == NOT_DONE
    assert stopping.stop("signal SIGTERM", DONE) == NOT_DONE
    assert stopping and stopping.reason == "closed by the opening hours in settings.toml:2"
    assert stopping.reasons == ["closed by the opening hours in settings.toml:2", "signal SIGTERM"]


@given(st.lists(REASONS, min_size=1, max_size=6))
def test_the_first_reason_decides_the_exit_code_and_the_reason_logged(asked):
    stopping = Stopping()
    returned = [stopping.stop(reason, code) for reason, code in asked]
    assert stopping.code == asked[0][1] and set(returned) == {asked[0][1]}
    assert stopping.reason == asked[0][0] and stopping.reasons == [reason for reason, _ in asked]
