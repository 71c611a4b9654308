"""The proxy settings in the environment, judged before the kiosk makes a request over HTTP.

The kiosk reads updates over HTTPS with ``httpx``, which takes its proxies from the environment
the way Python's :func:`urllib.request.getproxies` reads them: every variable whose name ends in
``_proxy`` in any case (``HTTPS_PROXY``, ``https_proxy``), the lower-case one winning when both
are set, ``HTTP_PROXY`` ignored in a CGI script (``REQUEST_METHOD`` set); of those ``httpx`` uses
``http``, ``https`` and ``all``, and ``NO_PROXY`` (hosts reached directly, separated by commas;
``*`` for every host). A value without ``://`` is taken as an ``http://`` address.

``httpx`` builds a connection for each proxy when the kiosk's client is made, so a proxy it
cannot use (a SOCKS proxy: the kiosk does not ship the SOCKS library; an ``ftp://`` address; a
typing slip such as ``garbage:xx``) would stop the look with the library's own error.
:func:`problems` says each such setting in one line, naming the variable, its value and how to
fix it, before any client is made. Nothing here imports Qt or ``httpx`` at import time.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

#: The proxies ``httpx`` takes from the environment (``<scheme>_proxy``), in the order said.
USED = ("https", "all", "http")
#: Schemes of SOCKS proxies (``httpx`` would need the ``socksio`` package, not shipped).
SOCKS = ("socks", "socks4", "socks4a", "socks5", "socks5h")
#: The fix for a proxy address the kiosk cannot use.
FIX = "give an http:// or https:// proxy (like http://proxy.example.org:3128), or unset it"
#: The fix for a ``NO_PROXY`` entry that is no host.
FIX_NO = ("give the hosts reached without the proxy separated by commas (like localhost,.example.org,10.0.0.1), "
          "or unset it")
#: Longest value shown whole in a message (characters); a longer one is cut with "…".
LONGEST_SHOWN = 80


def settings(environ: Mapping[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """The proxy settings Python and ``httpx`` read from ``environ``, with the variable each came from.

    The same rules as :func:`urllib.request.getproxies_environment` (Python 3.11): names ending in
    ``_proxy`` in any case, then the all-lower-case names again, so they win; an empty all-lower-case
    one removes the setting; ``HTTP_PROXY`` in another case is ignored when ``REQUEST_METHOD`` is set.

    Args:
        environ: the environment (default: :data:`os.environ`).

    Returns:
        ``{scheme: (variable name, value)}``, e.g. ``{"https": ("HTTPS_PROXY", "http://p:3128")}``.
    """
    environ = os.environ if environ is None else environ
    found: dict[str, tuple[str, str]] = {}
    for name, value in environ.items():
        if value and name.lower().endswith("_proxy"):
            found[name.lower()[:-6]] = (name, value)
    if "REQUEST_METHOD" in environ:
        found.pop("http", None)
    for name, value in environ.items():
        if name.endswith("_proxy"):
            if value:
                found[name.lower()[:-6]] = (name, value)
            else:
                found.pop(name.lower()[:-6], None)
    return found


def problems(environ: Mapping[str, str] | None = None) -> list[str]:
    """Each proxy setting in ``environ`` the kiosk cannot use, as one line saying which, what and how to fix it.

    Args:
        environ: the environment (default: :data:`os.environ`).

    Returns:
        One line per bad setting (``HTTPS_PROXY=socks5://127.0.0.1:1080 is a SOCKS proxy, which the
        kiosk cannot use: give an http:// or https:// proxy …, or unset it``), the variables ``httpx``
        uses in the order of :data:`USED`, then ``NO_PROXY``; empty when every setting can be used.
    """
    found = settings(environ)
    if "no" in found and "*" in (part.strip() for part in found["no"][1].split(",")):
        return []  # every host is reached directly: httpx makes no proxy at all
    lines = []
    for scheme in USED:
        if scheme in found:
            name, value = found[scheme]
            if (why := _proxy_problem(value)) is not None:
                lines.append(f"{name}={shown(value)} {why}")
    if "no" in found and (bad := _no_proxy_problem(found["no"][1])) is not None:
        name, value = found["no"]
        lines.append(f"{name}={shown(value)}: {bad}")
    return lines


def _proxy_problem(value: str) -> str | None:
    """Why ``httpx`` cannot use the proxy address ``value`` (words after ``NAME=value``), or None."""
    import httpx

    url = value if "://" in value else f"http://{value}"  # as httpx reads it
    scheme = url.split("://", 1)[0].lower()
    if scheme in SOCKS:
        return f"is a SOCKS proxy, which the kiosk cannot use: {FIX}"
    if scheme not in ("http", "https"):
        what = f"an {scheme}:// address" if scheme.isascii() and scheme.isalnum() else "not a web address"
        return f"is {what}, not a web proxy the kiosk can use: {FIX}"
    try:
        proxy = httpx.Proxy(url=url)
    except (httpx.InvalidURL, ValueError, TypeError) as exc:  # UnicodeError is a ValueError
        return f"is not a proxy address the kiosk can read ({_unreadable(str(exc))}): {FIX}"
    if not proxy.url.host:
        return f"names no proxy host: {FIX}"
    if proxy.url.port is not None and not 0 < proxy.url.port < 65536:
        return f"names port {proxy.url.port}, but ports go from 1 to 65535: {FIX}"
    return None


def _unreadable(said: str) -> str:
    """Why an address could not be read, in the kiosk's words, from ``httpx``'s ``InvalidURL`` text."""
    if said.startswith("Invalid port"):
        return "what follows the last ':' is not a port number"
    if "non-printable" in said:
        return "it holds a control character"
    if "IDNA" in said or "hostname" in said:
        return "its host is no host name or address"
    if "too long" in said:
        return "it is too long"
    return "it is not an address"


def _no_proxy_problem(value: str) -> str | None:
    """What is wrong with the ``NO_PROXY`` list ``value`` (the first entry ``httpx`` cannot read), or None."""
    import httpx
    from httpx._utils import URLPattern  # the patterns httpx makes of each entry

    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        if entry == "*":
            return None  # every host directly: httpx reads nothing further
        key = entry if "://" in entry else f"all://*{entry}"
        try:
            URLPattern(key)
        except (httpx.InvalidURL, ValueError, TypeError):
            return f"'{shown(entry)}' is not a host name, an address or a domain: {FIX_NO}"
    return None


def shown(text: str) -> str:
    """``text`` on one line, control and invisible characters escaped, cut when long."""
    from kiosk.deck.chars import printable

    text = printable(text)
    return text if len(text) <= LONGEST_SHOWN else text[:LONGEST_SHOWN] + "…"


__all__ = ["FIX", "FIX_NO", "SOCKS", "USED", "problems", "settings", "shown"]
