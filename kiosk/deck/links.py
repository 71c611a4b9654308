"""Links and phone numbers as a phone will read them from a QR code.

Web addresses are parsed by the WHATWG URL Standard (https://url.spec.whatwg.org/), the rules
browsers and phone camera apps follow, with Ada (the ``ada-url`` package, the parser in Node.js).
An address is refused when a browser would read it differently from how it looks: a backslash
(read as ``/``), user info before ``@`` (the host is what follows it), whitespace, control or
invisible characters, a missing ``//``, or a host written in a form the parser rewrites
(``0x7f.1``, ``ex%41mple.org``, full-width letters). What a code holds is the parser's
serialisation (``href``): hosts in IDNA (``xn--…``), paths percent-encoded, so every phone reads
the same bytes; the host a label names comes from the same parse.

Phone numbers are parsed with ``phonenumbers`` (Google's libphonenumber metadata), UK by default,
and dialled in E.164 form (``tel:+448000121700``, RFC 3966), so ``+44 (0)8000 121 700`` and
``0044 8000 121 700`` dial the number meant. A short number of the kiosk's country (``116 123``,
``111``: libphonenumber's short-number data, ``phonenumbers.shortnumberinfo``) has no E.164 form
and is dialled as its digits (``tel:116123``); emergency numbers are never accepted.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from ada_url import URL, idna_to_ascii, idna_to_unicode
from phonenumbers import shortnumberinfo

from kiosk.deck.chars import char_name, outer_space, printable

#: Region assumed for numbers written without a country code (``08000 121 700``).
DEFAULT_REGION = "GB"

_SCHEME = re.compile(r"^(https?)://", re.IGNORECASE)
_PORT = re.compile(r":[0-9]*$")
#: What a phone number may be written with: digits, spaces, brackets, dashes, dots, a leading +.
_PHONE_CHARS = re.compile(r"^\+?[0-9 ()\-.]+$")


#: Cyrillic and Greek letters that look like Latin ones, after Chromium's IDN display policy
#: (components/url_formatter/spoof_checks/idn_spoof_checker.cc, its "whole-script confusable"
#: sets): a host label written only in these shows as its xn-- form in Chromium's address bar,
#: unless the top-level domain is one of that script's (:data:`_OWN_TLDS`).
_LOOK_LATIN = {"CYRILLIC": frozenset("аысԁеԍһіюјӏорԛѕԝхуъьҽпгѵѡ"),
               "GREEK": frozenset("αικνορτυχ")}
#: Top-level domains where a wholly Cyrillic or Greek name is expected.
_OWN_TLDS = {"CYRILLIC": frozenset({"ru", "su", "by", "bg", "kz", "kg", "mk", "mn", "rs", "ua", "tj", "xn--p1ai",
                                    "xn--90ais", "xn--90a3ac", "xn--d1alf", "xn--j1amh", "xn--l1acc", "xn--80ao21a"}),
             "GREEK": frozenset({"gr", "cy", "xn--qxam"})}
#: Scripts whose mixing with one another in one host label Chromium shows as xn-- (Latin with
#: Cyrillic or Greek: the usual look-alike attacks).
_MIXABLE = ("LATIN", "CYRILLIC", "GREEK")


def _to_ascii(host: str) -> str:
    """``host`` in its ASCII (IDNA, xn--) form, ``""`` when it has none (UTS #46 via Ada)."""
    if host.isascii():
        return host
    out = idna_to_ascii(host)
    return out.decode("ascii", "replace") if isinstance(out, bytes) else (out or "")


def _script(ch: str) -> str | None:
    """``LATIN``, ``CYRILLIC``, ``GREEK`` for a letter of those scripts (by its Unicode name), else ``None``."""
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    return next((script for script in _MIXABLE if name.startswith(script)), None)


def spoof_reason(host: str) -> str | None:
    """Why browsers would show ``host`` (ASCII xn-- form or Unicode) in its xn-- form, or ``None``.

    A simple version of Chromium's IDN display policy (idn_spoof_checker.cc): a label that
    mixes Latin with Cyrillic or Greek letters (``mоdern`` with a Cyrillic о), or one written
    wholly in Cyrillic or Greek letters that all look like Latin ones (``аррӏе``) under a
    top-level domain that is not that script's, is shown as ``xn--…``: it can pass for another site.

    Returns:
        e.g. "'mоdernslaveryhelpline' mixes Latin and Cyrillic letters".
    """
    ascii_host = _to_ascii(host) or host
    unicode_host = idna_to_unicode(ascii_host) if "xn--" in ascii_host else ascii_host
    tld = ascii_host.rstrip(".").rsplit(".", 1)[-1]
    for label in unicode_host.lower().split("."):
        if label.isascii():  # Latin letters only: no mix, and no look-alike of Latin
            continue
        scripts = {s for s in map(_script, label) if s}
        if len(scripts) > 1:
            return f"'{label}' mixes {' and '.join(s.title() for s in _MIXABLE if s in scripts)} letters"
        script = next(iter(scripts), None)
        if script in _LOOK_LATIN and tld not in _OWN_TLDS[script] and \
                all(ch in _LOOK_LATIN[script] for ch in label if ch.isalpha()):
            return f"'{label}' is written in {script.title()} letters that look like Latin ones"
    return None


def bad_punycode(host: str) -> str | None:
    """The first label of ``host`` (ASCII form) that starts ``xn--`` but is not valid punycode
    (``xn--``, ``xn--a``), or ``None``: browsers cannot open or show such a name."""
    for label in host.split("."):
        if label.startswith("xn--"):
            decoded = idna_to_unicode(label)
            if not decoded or decoded.startswith("xn--") or _to_ascii(decoded) != label:
                return label
    return None


def shown_form(host: str) -> str:
    """``host`` (ASCII or Unicode form) as browsers show it: its Unicode form, unless
    :func:`spoof_reason` or :func:`bad_punycode` makes them show the ASCII ``xn--`` form."""
    ascii_host = _to_ascii(host)
    if not ascii_host:
        return host
    if spoof_reason(ascii_host) or bad_punycode(ascii_host):
        return ascii_host
    return idna_to_unicode(ascii_host) if "xn--" in ascii_host else ascii_host


def _invisible(ch: str) -> bool:
    """True for characters that look like nothing, or move the text: controls, format marks, spaces."""
    return ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "Cs", "Cn")


def _plainly_visible(text: str) -> bool:
    """True when ``text`` has no :func:`_invisible` character, found at once for printable ASCII
    without a space (the only ASCII characters that are invisible are spaces and controls)."""
    return text.isascii() and text.isprintable() and " " not in text


@dataclass(frozen=True)
class WebLink:
    """A web address as browsers parse it.

    Attributes:
        href: the WHATWG serialisation: what the QR code holds (``https://xn--bcher-kva.example/``).
        host: the host as parsed, ASCII (IDNA) form.
        shown_host: the host for people, as browsers show it (:func:`shown_form`: Unicode form,
            or the ``xn--`` form for a look-alike host), without a leading ``www.`` or a trailing dot.
        secure: ``True`` for ``https:``.
        spoof: why browsers show the host in its ``xn--`` form (:func:`spoof_reason`), or ``None``.
        local: why a visitor's phone may not reach the host (:func:`unreachable`: a private or
            link-local address), or ``None``.
    """

    href: str
    host: str
    shown_host: str
    secure: bool
    spoof: str | None = None
    local: str | None = None


def space_problem(text: str, what: str = "the link") -> str | None:
    """``"message — fix"`` when ``text`` (a link as written) has white space at its start or end
    (:func:`kiosk.deck.chars.outer_space`, the rule picture names are judged by too), else ``None``."""
    where = outer_space(text)
    if where is None:
        return None
    return f"{what} has a space {where}, so a phone would not open it as written — delete the space"


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address ``host`` (as the WHATWG parser gives it: IPv4 dotted, IPv6 in brackets)
    is, read by :mod:`ipaddress`; an IPv4 address mapped into IPv6 (``::ffff:127.0.0.1``) is that
    IPv4 address. ``None`` for a host name."""
    try:
        address = ipaddress.ip_address(host[1:-1] if host.startswith("[") and host.endswith("]") else host)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def own_machine(host: str) -> str | None:
    """What ``host`` (parsed, ASCII form) is when it names the device that opens it, else ``None``:
    a loopback address (127.0.0.0/8, ::1, in any form a browser reads as one: ``2130706433``,
    ``0x7f.1``, ``[::ffff:127.0.0.1]``), an unspecified one (0.0.0.0, ::, which browsers open as
    the device itself), ``localhost`` or a name under it (RFC 6761 6.3; browsers send every
    ``*.localhost`` to the device itself). Judged by :mod:`ipaddress`. A phone that scans a
    code for such a host opens itself, never the kiosk or a site.

    Returns:
        e.g. ``"a loopback address"``, ``"the unspecified address"``, ``"localhost"``.
    """
    address = _address(host)
    if address is not None:
        return "a loopback address" if address.is_loopback else \
            "the unspecified address" if address.is_unspecified else None
    name = host.lower().rstrip(".")
    return "localhost" if name == "localhost" or name.endswith(".localhost") else None


def unreachable(host: str) -> str | None:
    """Why a visitor's phone on mobile data cannot reach ``host`` (parsed), or ``None``: an IP
    address that is link-local (169.254.0.0/16, fe80::/10) or otherwise not public (private
    networks such as 192.168.0.0/16 and 10.0.0.0/8, shared or reserved ranges), by
    :attr:`ipaddress.IPv4Address.is_global` (the IANA special-purpose address registries)."""
    address = _address(host)
    if address is None or address.is_global:
        return None
    kind = "a link-local" if address.is_link_local else "a private"
    return f"{address} is {kind} address, which a visitor's phone on mobile data cannot reach"


def unopenable(text: str) -> str:
    """Why browsers cannot open ``text`` and how to correct it, for a web address (the WHATWG URL parser, ada-url,
    refused it): the port when one is written that no address may have (over 65535, or not only
    digits: RFC 3986 3.2.3 and the WHATWG URL Standard's port state), else the host name."""
    scheme = _SCHEME.match(text.strip())
    rest = text.strip()[scheme.end():] if scheme else text.strip()
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0].rsplit("@", 1)[-1]
    port = re.search(r"(?<!:):([^:\]]*)$", authority)
    if port and port.group(1) and (not port.group(1).isascii() or not port.group(1).isdigit()
                                   or int(port.group(1)) > 65535):
        return (f"browsers cannot open this address: its port ':{printable(port.group(1)[:12])}' is not a port "
                "(a whole number from 0 to 65535) — remove it, or correct it (most addresses need none)")
    return "browsers cannot open this address — check the host name for typing mistakes"


def parse_web_link(text: str) -> WebLink:
    """Parse ``text`` as a browser would and refuse it when the result differs from how it reads.

    Args:
        text: an ``https://`` or ``http://`` address as written in the deck.

    Returns:
        The :class:`WebLink`.

    Raises:
        ValueError: with a message saying what is wrong and how to write it instead.
    """
    spaced = space_problem(text)
    if spaced:
        raise ValueError(spaced)
    for index, ch in enumerate("" if _plainly_visible(text) else text, start=1):
        if _invisible(ch):
            raise ValueError(f"the address has {'a space' if ch == ' ' else char_name(ch)} at character {index}, so a browser "
                             "would not open it as written — remove it (write a space in a path as %20)")
    if "\\" in text:
        raise ValueError("the address has a backslash '\\', which browsers read as '/', so a phone would open "
                         "another address than the one shown — write '/' instead (or %5C if it is meant)")
    scheme = _SCHEME.match(text)
    if not scheme:
        raise ValueError("a web address must start with https:// (or http://)")
    authority = re.split(r"[/?#]", text[scheme.end():], maxsplit=1)[0]
    if "@" in authority:
        after = authority.rsplit("@", 1)[1]
        raise ValueError(f"the address has a name and '@' before its host, so a phone opens '{after}', not what "
                         "the start of it suggests — remove everything between // and @")
    if not authority:
        raise ValueError("the address has no host after // — write it like https://example.org/")
    try:
        url = URL(text)
    except ValueError:
        raise ValueError(unopenable(text)) from None
    host = url.hostname
    written = _PORT.sub("", authority) if not authority.endswith("]") else authority
    itself = own_machine(host)
    if itself:
        read = "" if unicodedata.normalize("NFC", written.lower()) == host else f" (browsers read it as {host})"
        raise ValueError(f"the host '{written}'{read} is {itself}: the phone that opens it opens itself, so a visitor "
                         "who scans the code reaches neither the kiosk nor a site — give the site's public address, "
                         "like https://example.org/")
    shown = idna_to_unicode(host) if "xn--" in host else host
    if unicodedata.normalize("NFC", written.lower()) not in (host, shown):
        raise ValueError(f"browsers read the host '{written}' as '{shown}' — write '{shown}' so the label and "
                         "the code agree")
    if "." not in host.strip("."):
        raise ValueError(f"'{written}' is not a full host name — write it like example.org")
    wrong = bad_punycode(host)
    if wrong:
        raise ValueError(f"the host part '{wrong}' starts with xn-- but is not a valid international name, "
                         "so browsers cannot open it — write the name in its own letters, or correct it")
    return WebLink(href=url.href, host=host, shown_host=shown_form(host).removeprefix("www.").rstrip("."),
                   secure=url.protocol == "https:", spoof=spoof_reason(host), local=unreachable(host))


def phone_chars_problem(text: str) -> str:
    """What keeps ``text`` (stripped) from being a phone number as people write it, said plainly:
    e.g. ``"it is empty"``, ``"it has the letter 'C'"``, ``"its '+' is not at the start"``.

    Only the characters are looked at (digits, spaces, brackets, dashes, dots and one leading
    ``+`` are allowed); whether the digits make a number is :func:`normalise_phone`'s to say.
    """
    if not text:
        return "it is empty"
    if not re.search(r"[0-9]", text) and set(text) <= set(" ()-.+"):
        return "it has no digits"
    if text.count("+") > 1:
        return "it has more than one '+'"
    if "+" in text and not text.startswith("+"):
        return "its '+' is not at the start: a '+' goes only before the country code"
    bad = next(ch for ch in text if not re.match(r"[0-9 ()\-.+]", ch))
    if bad.isalpha():
        return f"it has the letter '{bad}'"
    what = f"'{bad}'" if bad.isprintable() and not _invisible(bad) else char_name(bad)
    return f"it has {what}"


def _short_number(text: str, region: str) -> phonenumbers.PhoneNumber | None:
    """``text`` parsed as written in ``region``, when it is a short number valid there
    (``116 123``, ``111``, ``999``: ``shortnumberinfo.is_valid_short_number_for_region``), written
    without a country code; else ``None``."""
    try:
        parsed = phonenumbers.parse(text, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return None
    if parsed.country_code_source != phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY:
        return None
    return parsed if shortnumberinfo.is_valid_short_number_for_region(parsed, region) else None


def _short_number_digits(text: str, parsed: phonenumbers.PhoneNumber, region: str) -> str:
    """The digits of the short number ``text`` (``parsed`` by :func:`_short_number`) as a phone dials it, or
    raise ``ValueError`` (message — fix) when a visitor's phone cannot be relied on to call it:
    an emergency number (never in a QR code), a number for text messages only, or one that only
    some mobile networks connect (``shortnumberinfo``)."""
    digits = phonenumbers.national_significant_number(parsed)
    if shortnumberinfo.connects_to_emergency_number(digits, region):
        raise ValueError("is an emergency number, which is never put in a QR code — say 'in an emergency, call "
                         "999' in the text instead, and give the helpline here")
    if shortnumberinfo.is_sms_service_for_region(parsed, region):
        raise ValueError(f"is a short number for text messages, which a phone cannot call ({text}) — give a "
                         "number people can call, and say in the text where to send a message")
    if shortnumberinfo.is_carrier_specific_for_region(parsed, region):
        raise ValueError(f"is a short number that only some mobile networks connect ({text}) — give the "
                         "service's full number, like \"08000 121 700\"")
    return digits


def _foreign_short_number(text: str, parsed: phonenumbers.PhoneNumber, region: str) -> str | None:
    """Why ``parsed`` (``text`` written with ``+`` or ``00`` and a country code) cannot be dialled when its
    digits after the country code are a short number of that country, with its fix; else ``None``.
    A short number has no international form: only phones in its own country can call it."""
    country = phonenumbers.region_code_for_country_code(parsed.country_code)
    digits = phonenumbers.national_significant_number(parsed)
    if not shortnumberinfo.is_valid_short_number_for_region(parsed, country):
        return None
    if country == region:
        local = re.sub(rf"^(?:\+|00)\s*{parsed.country_code}[\s().\-]*(?:\(0\)\s*)?", "", text).strip() or digits
        return (f"is a short number written with a country code ({digits} with +{parsed.country_code}), which no "
                f"phone can dial — write it as people dial it, without + and the country code: \"{local}\"")
    return (f"is a short number of another country ({digits} in {country}), which phones in this kiosk's country "
            "cannot dial — give the service's full number, with + and its country code")


def normalise_phone(number: str, region: str = DEFAULT_REGION) -> str:
    """Turn a phone number as people write it into the form a ``tel:`` link dials.

    Args:
        number: e.g. ``"08000 121 700"``, ``"+44 (0)8000 121 700"``, ``"0044 8000 121 700"``, ``"116 123"``.
        region: ISO 3166 region for numbers written without a country code (default ``GB``).

    Returns:
        ``"+448000121700"`` style: ``+``, country code, national number (E.164; RFC 3966 global
        number without separators). A short number of ``region`` (``116 123``, ``111``:
        libphonenumber's short-number data) has no such form: its digits, ``"116123"``, as a phone
        in that country dials them.

    Raises:
        ValueError: when the text is not a valid phone number (by libphonenumber's metadata), or is
            an emergency number, a short number for text messages or one only some networks connect,
            with a hint.
    """
    text = number.strip()
    if not _PHONE_CHARS.match(text) or not re.search(r"[0-9]", text):
        raise ValueError(f"is not a phone number ({phone_chars_problem(text)}) — write it with digits, spaces and "
                         'brackets, like "08000 121 700" or "+44 8000 121 700"')
    short = _short_number(text, region)
    if short is not None:
        return _short_number_digits(text, short, region)
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as error:
        why = {phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "its country code is unknown",
               phonenumbers.NumberParseException.TOO_SHORT_NSN: "it is too short",
               phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "it is too short",
               phonenumbers.NumberParseException.TOO_LONG: "it is too long"}.get(error.error_type,
                                                                                  "it cannot be dialled")
        raise ValueError(f'is not a phone number ({why}) — write it like "08000 121 700" or "+44 8000 121 700"') from None
    if not phonenumbers.is_valid_number(parsed):
        foreign = _foreign_short_number(text, parsed, region)
        if foreign:
            raise ValueError(foreign)
        reason = phonenumbers.is_possible_number_with_reason(parsed)
        why = {phonenumbers.ValidationResult.TOO_SHORT: "it is too short",
               phonenumbers.ValidationResult.TOO_LONG: "it is too long",
               phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "its country code is unknown"}.get(
            reason, "no such number can be dialled")
        raise ValueError(f"is not a valid phone number ({why}) — check the digits, and write a number from "
                         "abroad with + and its country code, like \"+48 22 123 45 67\"")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def costly_number(payload: str) -> str | None:
    """Why callers of the ``tel:`` link (or E.164 number) ``payload`` pay more than for an ordinary
    call, or ``None``: a premium-rate or shared-cost number, by libphonenumber's metadata
    (``phonenumbers.number_type``; in the UK, 09… numbers and the 084/087 service numbers are
    premium rate). A helpline is free or charged as an ordinary call, and a caller in need
    should not be put off by the price. (libphonenumber's short-number data lists no UK short
    number as premium rate, so a short number is never warned about here.)
    """
    try:
        parsed = phonenumbers.parse(payload.removeprefix("tel:"), DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    kind = phonenumbers.number_type(parsed)
    if kind == phonenumbers.PhoneNumberType.PREMIUM_RATE:
        return "is a premium-rate number: callers pay a premium rate, more than for an ordinary call"
    if kind == phonenumbers.PhoneNumberType.SHARED_COST:
        return "is a shared-cost number: callers pay part of the call, often more than for an ordinary call"
    return None


def numbers_in_text(text: str, region: str = DEFAULT_REGION) -> list[tuple[str, str]]:
    """The phone numbers written in ``text``, found by libphonenumber's ``PhoneNumberMatcher``.

    Args:
        text: e.g. a QR code's label, "Call the helpline free: 08000 121 700".
        region: ISO 3166 region for numbers written without a country code (default ``GB``).

    Returns:
        (as written, E.164 form) for each number, in order: ``[("08000 121 700", "+448000121700")]``.
    """
    return [(match.raw_string, phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
            for match in phonenumbers.PhoneNumberMatcher(text, region)]


#: Digits in groups separated by spaces (no-break ones too) or dashes (``116 123``, ``116-000``):
#: where a short number may be written in a text.
_DIGIT_RUN = re.compile(r"(?<![\d+])\d+(?:[\s-]+\d+)*(?!\d)")


def short_numbers_in_text(text: str, region: str = DEFAULT_REGION) -> list[tuple[str, str]]:
    """The short numbers of ``region`` written in ``text`` (``116 123``, ``111``: runs of digit
    groups that libphonenumber's short-number data holds valid there, outside every number
    :func:`numbers_in_text` finds), emergency numbers left out, as a label may say "in an
    emergency, call 999" beside the number its code dials.

    Returns:
        (as written, digits dialled) for each, in order: ``[("116 123", "116123")]``.
    """
    taken = [(match.start, match.end) for match in phonenumbers.PhoneNumberMatcher(text, region)]
    found = []
    for run in _DIGIT_RUN.finditer(text):
        if any(start < run.end() and run.start() < end for start, end in taken):
            continue
        digits = re.sub(r"\D", "", run.group(0))
        short = _short_number(digits, region)
        if short is not None and not shortnumberinfo.connects_to_emergency_number(digits, region):
            found.append((run.group(0), digits))
    return found


#: A host name written in a label: two or more dot-separated parts ending in letters ("nmsc.org.uk").
_HOST_IN_TEXT = re.compile(r"(?<![\w.@-])((?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,})(?![\w-])")

#: Label characters read as browsers read a host name (UTS #46 mapping): the ideographic full
#: stops are dots; soft hyphens and zero-width characters, which nobody sees, are nothing.
_AS_HOSTS_READ = str.maketrans({"\u3002": ".", "\uff61": ".", "\uff0e": ".", "\u00ad": None, "\u200b": None,
                                "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None})


def label_problem(payload: str, label: str) -> tuple[str, str] | None:
    """What the words under a QR code say that the code does not do, or ``None`` when they agree.

    A ``tel:`` code's label may give no number, or the number it dials (compared in E.164 form,
    :func:`numbers_in_text`, or as the digits of a short number, :func:`short_numbers_in_text`). A web code's label may give no phone number (a visitor who scans
    it expecting a call gets a web page), and may name no site, or the site it opens (or a
    site of which that is a part), in the form browsers show (:func:`shown_form`); a site named in
    look-alike letters (:func:`spoof_reason`) is a problem too. The label is read as a browser reads
    a host (full-width letters and ideographic full stops folded, invisible characters dropped), so
    ``modernslaveryhelpline。org`` names the site it looks like.

    Args:
        payload: what the code holds: ``tel:+44…`` or a web address as :func:`parse_web_link` gives it.
        label: the words under it, in one language.

    Returns:
        (what is wrong, how to fix it), e.g. ("the label names nmsc.org.uk, but the code opens
        evil.example", "make the label name the site the link goes to, or correct the link").
    """
    if payload.startswith("tel:"):
        dialled = payload.removeprefix("tel:")
        for written_number, number in numbers_in_text(label) + short_numbers_in_text(label):
            if number != dialled:
                return (f"the label gives the number {written_number}, but the code dials {dialled}",
                        "make the label give the number the code dials, or correct the number")
        return None
    link = parse_web_link(payload)
    for written_number, number in numbers_in_text(label)[:1]:
        return (f"the label gives the number {written_number}, but the code opens a web page ({link.shown_host}), "
                "not a call", f"make the link tel:{number} so that the code dials it, or take the number out of the "
                "label and write it in the slide's text")
    for named in _HOST_IN_TEXT.findall(unicodedata.normalize("NFKC", label).translate(_AS_HOSTS_READ)):
        named = named.lower().removeprefix("www.")
        why = spoof_reason(named)
        if why:
            return (f"the label names {named}, which browsers show as {shown_form(named)}: {why}, so it can pass "
                    "for another site", "write the site's name in one script, as the link has it")
        opened = shown_form(link.host).lower().removeprefix("www.").rstrip(".")
        named = shown_form(named).lower()
        if not (opened == named or opened.endswith("." + named) or named.endswith("." + opened)):
            return (f"the label names {named}, but the code opens {link.shown_host}",
                    "make the label name the site the link goes to, or correct the link")
    return None


__all__ = ["DEFAULT_REGION", "WebLink", "bad_punycode", "label_problem", "normalise_phone", "numbers_in_text",
           "own_machine", "parse_web_link", "short_numbers_in_text", "shown_form", "space_problem", "spoof_reason",
           "unreachable"]
