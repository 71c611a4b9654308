"""Turn a position in a deck into plain data for one slide template.

The QML templates receive only strings, numbers, lists and mappings built here: every text
is already in the visitor's language (falling back to the deck's first language), every time
already formatted, every QR code already a payload with its label. Dates are given as ISO
dates with the visitor's locale (``locale``, :func:`kiosk.i18n.locale_name`); the templates
write them out with Qt's ``QLocale`` in the visitor's language.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from kiosk.i18n import keep_numbers_together, locale_name, text_direction, ui_text
from kiosk.player.navigator import Position
from kiosk.player.schedule import current_events, event_end, has_ended, local_time, zone_of
from kiosk.walltime import add_days, instant

if TYPE_CHECKING:
    from kiosk.deck.model import Deck

#: View id of the built-in fallback slide (not a valid slide id, so it never clashes with one).
FALLBACK_ID = "_fallback"


def pick(text: str | dict[str, str] | None, lang: str, fallback: str) -> str:
    """``text`` in ``lang``, else in ``fallback``, else any, as written; ``""`` for ``None``
    (for a terminal or a file: :func:`localise` is for the screen)."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = text.get(lang) or text.get(fallback) or next(iter(text.values()), "")
    return text


def localise(text: str | dict[str, str] | None, lang: str, fallback: str) -> str:
    """Pick ``text`` in ``lang``, else in ``fallback``, else any (:func:`pick`); ``""`` for ``None``.

    Digit groups are joined by no-break spaces, so a phone number never wraps in the middle, and
    in right-to-left text a phone number reads left to right (:func:`kiosk.i18n.keep_numbers_together`).
    """
    return keep_numbers_together(pick(text, lang, fallback))


def format_time(value: dt.time | None) -> str:
    """``09:05`` style, 24-hour clock; ``""`` for ``None`` (never a bare number)."""
    return value.strftime("%H:%M") if value else ""


def host_of(url: str) -> str:
    """``modernslaveryhelpline.org`` from ``https://www.modernslaveryhelpline.org/x``.

    The host comes from the same WHATWG parse that made the code's payload
    (:func:`kiosk.deck.links.parse_web_link`), in its Unicode form, so the label names the
    site a phone opens.
    """
    from kiosk.deck.links import parse_web_link

    return parse_web_link(url).shown_host


def bullet_text(item: Any) -> Any:
    """The text of a bullet point, whichever form it is written in (a text, or a ``Bullet`` of the
    model or of its plain form, :mod:`kiosk.deck.plain`)."""
    return item if isinstance(item, (str, dict)) else item.text


def bullet_icon(item: Any) -> str:
    """The pictogram's name of a bullet point, or ``""`` when it has none."""
    return "" if isinstance(item, (str, dict)) else (item.icon or "")


def view(deck: Deck, position: Position, lang: str | None = None, at: dt.datetime | None = None, *,
         badges: bool = False) -> dict[str, Any]:
    """Everything one template needs to draw ``position``.

    Args:
        deck: the deck.
        position: a slide, or a page of a signs slide; a negative slide index is the built-in
            fallback (the deck's title on a plain slide, id :data:`FALLBACK_ID`).
        lang: visitor language code (default: the deck's first language).
        at: the moment shown (aware); events that have ended by then are left out, unless the
            deck is an archive: there each is shown as past (``past`` true, its badge "Past
            event" in ``lang``, no sign-up code: :func:`_event`). A button whose slide a visitor
            cannot open then is left out (:func:`kiosk.player.navigator.reachable`: the buttons
            after it close up). ``None`` shows every event, none of them past (as on no day in
            particular), and every button.
        badges: with ``at`` ``None``, mark every event with the longest of its badges in
            ``lang`` (:func:`worst_day_word`: "Today", "Tomorrow" and, in an archive, "Past
            event"), its sign-up code kept: the most room a badge can take on its card, the case
            the fit check lays the events out in (each event can show one on its day, the day
            before or, in an archive, once it has ended, and each card fits its own text).

    Returns:
        A mapping with at least ``type`` (the template: ``title``, ``text``, ``stats``,
        ``events``, ``signs``, ``signs-page``, ``helpline``, ``image``), ``id``, ``page``
        (page id or ``""``), ``title``, ``locale`` (the visitor's, for dates) and ``rtl`` (the
        slide's own texts read right to left, so its layout mirrors: :func:`reads_rtl`); the rest
        depends on the type. Pictograms are names (:mod:`kiosk.deck.icons`), ``""`` for none:
        ``icon`` (a signs page, the helpline, each signs tile) and ``bullet_icons``, one per
        bullet beside ``bullets``.
    """
    first = deck.deck.languages[0]
    lang = lang or first

    def t(text):
        return localise(text, lang, first)

    if position.slide < 0:
        fallback = {"id": FALLBACK_ID, "page": "", "type": "title", "title": t(deck.deck.title),
                    "subtitle": "", "note": "", "locale": locale_name(lang)}
        return {**fallback, "rtl": reads_rtl(fallback)}
    slide = deck.slides[position.slide]
    base: dict[str, Any] = {"id": slide.id, "page": position.page or "", "type": slide.type,
                            "title": t(slide.title), "locale": locale_name(lang)}
    kind = slide.type  # the model and its plain form alike (kiosk.deck.plain)
    if kind == "title":
        base.update(subtitle=t(slide.subtitle), note=t(slide.note))
    elif kind == "text":
        base.update(body=t(slide.body), bullets=[t(bullet_text(b)) for b in slide.bullets],
                    bullet_icons=[bullet_icon(b) for b in slide.bullets], source=t(slide.source),
                    qr=_qr(slide.qr.link, t(slide.qr.label)) if slide.qr else None,
                    buttons=[{"label": t(b.label), "goto": b.goto or ""} for b in slide.buttons
                             if at is None or _offered(deck, b.goto, at)])
    elif kind == "stats":
        base.update(note=t(slide.note), items=[
            {"value": t(s.value), "label": t(s.label), "source": f"{t(s.source)}, {s.year}"} for s in slide.items])
    elif kind == "events":
        today = local_time(deck, at).date() if at is not None else None
        worst = worst_day_word(lang, archive=deck.deck.archive) if badges and at is None else ""
        events = []
        for event in current_events(deck, slide, at):
            past = has_ended(deck, event, at)  # only ever in an archive: other decks leave it out
            badge = ui_text(lang, "past_event") if past else worst or day_word(event.date, today, lang)
            events.append(_event(event, t, badge, past))
        base.update(intro=t(slide.intro), events=events)
        if "title" not in slide.model_fields_set:  # the default heading, in the visitor's language
            base["title"] = ui_text(lang, "whats_on")
    elif kind == "signs":
        if position.page:
            page = next(p for p in slide.pages if p.id == position.page)
            index = [p.id for p in slide.pages].index(page.id)
            base.update(type="signs-page", section=t(slide.title), title=t(page.title), body=t(page.body),
                        bullets=[t(bullet_text(b)) for b in page.bullets], icon=page.icon or "",
                        bullet_icons=[bullet_icon(b) for b in page.bullets], source=t(page.source),
                        number=index + 1, count=len(slide.pages))
        else:
            base.update(intro=t(slide.intro), tiles=[{"id": p.id, "title": t(p.title), "icon": p.icon or ""}
                                                      for p in slide.pages])
    elif kind == "helpline":
        phone = keep_numbers_together(slide.phone)  # never wraps between its digit groups
        # The kiosk's own words with the number in them, kept left to right in right-to-left words.
        called = keep_numbers_together(ui_text(lang, "scan_to_call", number=phone))
        codes = [_qr(slide.tel_link, t(slide.call_label) or called)]
        if slide.url:
            codes.append(_qr(slide.url, t(slide.url_label) or ui_text(lang, "visit", site=slide.url_host)))
        base.update(name=t(slide.name), icon=slide.icon or "", phone=phone, hours=t(slide.hours), body=t(slide.body),
                    note=t(slide.note), codes=codes)
        if "title" not in slide.model_fields_set:  # the default heading, in the visitor's language
            base["title"] = ui_text(lang, "help")
    elif kind == "image":
        base.update(image=slide.image, caption=t(slide.caption), alt=t(slide.alt), fit=slide.fit)
    # An events slide's default heading (the kiosk's own "What's on") does not set the direction
    # of a slide whose own words are in another script: its events' titles do.
    default_title = kind == "events" and "title" not in slide.model_fields_set
    base["rtl"] = reads_rtl({**base, "title": ""} if default_title else base)
    return base


def _offered(deck: Deck, goto: str | None, at: dt.datetime) -> bool:
    """True when a button going to slide ``goto`` is shown at ``at``: its slide is one a visitor
    can open then (:func:`kiosk.player.navigator.reachable`); a button with no ``goto``, or one
    to an id the deck lacks (``kiosk validate`` refuses it), is left as it is."""
    from kiosk.player.navigator import reachable

    index = next((i for i, s in enumerate(deck.slides) if s.id == goto), None) if goto else None
    return index is None or reachable(deck, index, at)


#: The texts of a view (:func:`view`) that set its direction, the first with a letter that has
#: one deciding: its heading first, then the texts a slide without one shows (an image slide's
#: caption, a helpline's name...).
_DIRECTION_FIELDS = ("title", "subtitle", "intro", "body", "caption", "alt", "name", "hours", "note")
#: Then the texts of its items, each list's in turn: (the view's field, the item's text).
_DIRECTION_ITEMS = (("events", "title"), ("tiles", "title"), ("items", "label"))


def reads_rtl(shown: dict[str, Any]) -> bool:
    """True when the slide of the view ``shown`` (from :func:`view`) reads right to left, so its
    layout mirrors (Main.qml's loaders; an untranslated English slide on an Arabic page keeps its
    layout): by the first of its texts (:data:`_DIRECTION_FIELDS`, then :data:`_DIRECTION_ITEMS`,
    in that order) holding a letter with a direction (:func:`kiosk.i18n.text_direction`). A view
    with none reads left to right."""
    texts = [shown.get(field) or "" for field in _DIRECTION_FIELDS]
    texts += [each.get(key) or "" for field, key in _DIRECTION_ITEMS for each in shown.get(field) or []]
    for text in texts:
        direction = text_direction(text)
        if direction:
            return direction == "rtl"
    return False


def has_qr(shown: dict[str, Any]) -> bool:
    """True when the view ``shown`` (from :func:`view`) has a QR code on screen."""
    return bool(shown.get("qr") or shown.get("codes") or any(e.get("qr") for e in shown.get("events") or []))


def qr_payloads(deck: Deck) -> list[str]:
    """Every QR payload the views of ``deck`` can show (every slide and page, in every language,
    every event whatever the date), each once, in deck order."""
    from kiosk.player.navigator import all_positions

    found: dict[str, None] = {}
    for lang in deck.deck.languages:
        for position in all_positions(deck):
            shown = view(deck, position, lang)
            for code in [shown.get("qr"), *(shown.get("codes") or []), *(e.get("qr") for e in shown.get("events") or [])]:
                if code:
                    found[code["payload"]] = None
    return list(found)


def _qr(payload: str, label: str) -> dict[str, str]:
    return {"payload": payload, "label": label}


def day_word(date: dt.date, today: dt.date | None, lang: str) -> str:
    """"Today" or "Tomorrow" in ``lang`` (:func:`kiosk.i18n.ui_text`) for an event on ``date``,
    when ``today`` (the moment shown, as a day in the deck's time zone) is that day or the day
    before; otherwise ``""`` (also when ``today`` is ``None``: no moment, as in a full render)."""
    if today is None:
        return ""
    if date == today:
        return ui_text(lang, "today")
    if (date - today).days == 1:  # never past the calendar's end, unlike today + 1 day
        return ui_text(lang, "tomorrow")
    return ""


def next_day_change(deck: Deck, position: Position, at: dt.datetime) -> dt.datetime | None:
    """When the view of ``position`` next changes with the day alone: for an events slide, the
    next midnight in the deck's zone after ``at`` (aware), when its Today and Tomorrow badges
    move on (:func:`day_word`), or sooner, in an archive, the end of one of its events, when
    that event is shown as past (:func:`kiosk.player.schedule.has_ended`); ``None`` for any
    other view. What changes as slides become due or end (buttons, events ending on a deck
    that is no archive) is :func:`kiosk.player.schedule.next_due_change`'s."""
    if position.slide < 0 or deck.slides[position.slide].type != "events":
        return None
    zone = zone_of(deck)
    moments = [instant(dt.datetime.combine(add_days(local_time(deck, at).date(), 1), dt.time()), zone)]
    if deck.deck.archive:
        moments += [end for event in deck.slides[position.slide].events if (end := instant(event_end(event), zone)) > at]
    return min(moments)


def worst_day_word(lang: str, *, archive: bool = False) -> str:
    """The longest (in characters) of "Today", "Tomorrow" and, when ``archive`` (a deck that
    keeps its ended events on show), "Past event" in ``lang`` (:func:`day_word`, :func:`view`):
    the badge that takes the most room on an event's card."""
    words = [ui_text(lang, "today"), ui_text(lang, "tomorrow")] + ([ui_text(lang, "past_event")] if archive else [])
    return max(words, key=len)


def _event(event, t, badge: str, past: bool = False) -> dict[str, Any]:
    """An event's card: ``day`` is its badge (``""`` for none), ``past`` whether it has ended (an
    archive's record), and a past event has no sign-up code (``qr`` ``None``): its sign-up is over."""
    start, end = format_time(event.start), format_time(event.end)
    when = f"{start}–{end}" if start and end else start
    return {"title": t(event.title), "date": event.date.isoformat(), "time": when, "place": t(event.place),
            "body": t(event.body), "day": badge, "past": past,
            "qr": _qr(event.signup.link, t(event.signup.label)) if event.signup and not past else None}
