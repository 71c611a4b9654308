"""A proxy setting the kiosk cannot use is said in one line naming the variable, never a crash.

The kiosk reads updates over HTTPS with ``httpx``, which takes its proxies from ``HTTP_PROXY``,
``HTTPS_PROXY``, ``ALL_PROXY`` and ``NO_PROXY`` (any case). A SOCKS proxy, an ``ftp://`` address
or a typing slip there once stopped ``kiosk update`` with an unexpected error (exit 3) and a
running kiosk with "the checking process stopped with exit code 1". Now ``kiosk update`` exits 1
with ``kiosk: failed: HTTPS_PROXY=… is …: give an http:// or https:// proxy …, or unset it``, and
a running kiosk's look fails with the same words (its ``update_failed`` reason).

No test here reaches the network: the connection the kiosk would make is refused in the test
(after the host name is turned into what a name lookup takes, as the system's lookup does).
"""

from __future__ import annotations

import os
import socket
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.fleet import fetch, proxies

SOURCE = "https://updates.example.org/kiosk/"
#: Every variable ``httpx`` reads, in the forms people write.
NAMES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy",
         "Https_Proxy")


def without_proxies() -> dict[str, str]:
    """This process's environment without any proxy setting."""
    return {name: value for name, value in os.environ.items() if not name.lower().endswith("_proxy")}


def refused(address, *args, **kwargs):
    """``socket.create_connection`` that reaches no one: a lookup's checks, then "refused"."""
    host = address[0]
    if not host or "\x00" in host:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    host.encode("idna")  # the system's lookup does this first (UnicodeError for a label too long)
    raise ConnectionRefusedError(111, "Connection refused")


def update(environ: dict[str, str], library: Path) -> tuple[int, str]:
    """``kiosk update --source SOURCE`` with ``environ`` added to a proxy-free environment: (exit, error output)."""
    import contextlib
    import io

    err = io.StringIO()
    with mock.patch.dict(os.environ, {**without_proxies(), **environ}, clear=True), \
            mock.patch("socket.create_connection", refused), contextlib.redirect_stderr(err):
        code = main(["update", "--source", SOURCE, "--library", str(library)])
    return code, err.getvalue()


FIX = "give an http:// or https:// proxy (like http://proxy.example.org:3128), or unset it"


@pytest.mark.parametrize("name, value, said", [
    ("HTTPS_PROXY", "socks5://127.0.0.1:1080", "HTTPS_PROXY=socks5://127.0.0.1:1080 is a SOCKS proxy, which the kiosk "
                                               f"cannot use: {FIX}"),
    ("ALL_PROXY", "socks5h://proxy:1080", f"ALL_PROXY=socks5h://proxy:1080 is a SOCKS proxy, which the kiosk cannot use: {FIX}"),
    ("HTTPS_PROXY", "ftp://proxy:21", f"HTTPS_PROXY=ftp://proxy:21 is an ftp:// address, not a web proxy the kiosk can use: {FIX}"),
    ("HTTPS_PROXY", "http://[::1", "HTTPS_PROXY=http://[::1 is not a proxy address the kiosk can read (what follows the "
                                   f"last ':' is not a port number): {FIX}"),
    ("https_proxy", "garbage:xx", "https_proxy=garbage:xx is not a proxy address the kiosk can read (what follows the "
                                  f"last ':' is not a port number): {FIX}"),
    ("ALL_PROXY", "garbage:xx", "ALL_PROXY=garbage:xx is not a proxy address the kiosk can read (what follows the "
                                f"last ':' is not a port number): {FIX}"),
    ("HTTP_PROXY", "http://:3128", f"HTTP_PROXY=http://:3128 names no proxy host: {FIX}"),
    ("HTTPS_PROXY", "http://proxy:99999", f"HTTPS_PROXY=http://proxy:99999 names port 99999, but ports go from 1 to "
                                          f"65535: {FIX}"),
    ("HTTPS_PROXY", "http://proxy\n:3128", "HTTPS_PROXY=http://proxy\\x0a:3128 is not a proxy address the kiosk can read "
                                           f"(it holds a control character): {FIX}"),
    ("NO_PROXY", "localhost,::1]", "NO_PROXY=localhost,::1]: '::1]' is not a host name, an address or a domain: give the "
                                   "hosts reached without the proxy separated by commas (like localhost,.example.org,"
                                   "10.0.0.1), or unset it"),
])
def test_kiosk_update_names_the_proxy_setting_it_cannot_use_and_how_to_fix_it(tmp_path, name, value, said):
    code, err = update({name: value}, tmp_path / "library")
    assert (code, err) == (1, f"kiosk: failed: {said}; the kiosk keeps playing what it has\n")


def test_the_lower_case_setting_is_the_one_named_as_it_is_the_one_used(tmp_path):
    code, err = update({"HTTPS_PROXY": "http://proxy:3128", "https_proxy": "socks5://proxy:1080"}, tmp_path / "lib")
    assert code == 1 and err.startswith("kiosk: failed: https_proxy=socks5://proxy:1080 is a SOCKS proxy")


def test_no_proxy_star_reaches_every_host_directly_so_a_bad_proxy_is_not_used(tmp_path):
    code, err = update({"HTTPS_PROXY": "socks5://proxy:1080", "NO_PROXY": "localhost, *"}, tmp_path / "lib")
    assert code == 1 and err.startswith(f"kiosk: failed: cannot reach {SOURCE}feed.json (")


def test_a_usable_proxy_is_tried_and_its_failure_said_as_a_network_fault(tmp_path):
    code, err = update({"HTTPS_PROXY": "proxy.example.org:3128", "NO_PROXY": "localhost,.example.net"}, tmp_path / "l")
    assert code == 1 and err.startswith(f"kiosk: failed: cannot reach {SOURCE}feed.json (") and err.count("\n") == 1


def test_a_running_kiosks_look_fails_with_the_same_words(tmp_path):
    """The look of a running kiosk (``fetch.check``, as its checking child runs it) gives the reason its
    ``update_failed`` event and staff status show."""
    with mock.patch.dict(os.environ, {**without_proxies(), "ALL_PROXY": "ftp://proxy:21"}, clear=True):
        outcome = fetch.check(fetch.Config(SOURCE, [], tmp_path / "library"))
    assert (outcome.result, outcome.message) == (
        "failed", f"ALL_PROXY=ftp://proxy:21 is an ftp:// address, not a web proxy the kiosk can use: {FIX}; the kiosk "
                  "keeps playing what it has")


def test_the_variables_are_read_as_python_reads_them():
    env = {"HTTPS_PROXY": "http://a:1", "https_proxy": "http://b:2", "HTTP_PROXY": "http://c:3", "REQUEST_METHOD": "GET",
           "Ftp_Proxy": "ftp://x", "all_proxy": ""}
    assert proxies.settings(env) == {"https": ("https_proxy", "http://b:2"), "ftp": ("Ftp_Proxy", "ftp://x")}


#: Values of every kind: text of any characters a variable can hold, and addresses near the usual ones.
VALUES = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40),
    st.builds(lambda scheme, rest: f"{scheme}{rest}",
              st.sampled_from(["", "http://", "https://", "socks5://", "socks4a://", "ftp://", "HTTP://", "://", "http:"]),
              st.text(st.sampled_from("ab.:[]@%/?#*-_1 0\t\u00e9\u0430"), max_size=30)),
    st.sampled_from(["*", " , ", ",,", "localhost", "::1", "[::1]", "10.0.0.0/8", "http://[", "a" * 300 + ":80", "http://p:" + "9" * 70]),
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES), VALUES, min_size=1, max_size=3))
def test_any_proxy_setting_gives_exit_0_or_1_and_one_plain_line(environ):
    with tempfile.TemporaryDirectory() as folder:
        code, err = update(environ, Path(folder) / "library")
    assert code in (0, 1), (code, err)
    assert err.count("\n") == 1 and err.startswith("kiosk: ") and err.endswith("\n"), err
    assert "Traceback" not in err and "unexpected error" not in err and "Error" not in err, err
