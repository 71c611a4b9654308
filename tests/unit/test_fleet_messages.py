"""What the kiosk says of a bad feed, update state or status record is in its own plain words.

Never the schema library's wording ("Input should be a valid string", "Field required", loc
tuples, links to its documentation) nor Python's ("Expecting ',' delimiter", "codec can't
decode", ``NoneType``): the file or address, the field as a path (``field 'older[2].sha256'``,
counting from 1 as deck messages do), what it holds, what it must be, and what to do.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.fleet import feed, fetch, jsontext, status

GOOD = {"format": feed.FORMAT, "deck": "harvest", "version": 2, "file": "harvest-2.zip", "size": 10,
        "sha256": "0" * 64, "signature": "x", "published": "", "older": [
            {"version": 1, "file": "harvest-1.zip", "size": 10, "sha256": "1" * 64}]}
URL = "https://example.org/decks/feed.json"

#: Words of the schema library and of Python that must never reach a person.
FOREIGN = ("Input should", "Field required", "String should", "pydantic", "errors.", "[type=", "loc", "ctx",
           "Expecting", "codec", "char ", "NoneType", "'str'", "'int'", "'dict'", "'list'", "Value error",
           "Traceback", "instance of", "valid dictionary")


def refusal(data: bytes, where: str = URL) -> feed.FeedError:
    with pytest.raises(feed.FeedError) as caught:
        feed.parse(data, where)
    return caught.value


def plain(text: str) -> bool:
    return not any(word in text for word in FOREIGN)


@pytest.mark.parametrize("changes, said", [
    ({"version": "3"}, "field 'version' is \"3\", but must be a whole number from 1 to 2,147,483,647"),
    ({"version": 0}, "field 'version' is 0, but must be a whole number from 1 to 2,147,483,647"),
    ({"version": True}, "field 'version' is true, but must be a whole number"),
    ({"sha256": "ABC"}, "field 'sha256' is \"ABC\", but must be the bundle's SHA-256: 64 hex digits (0-9 and a-f)"),
    ({"file": "../x.zip"}, "field 'file' is \"../x.zip\", but must be the bundle's file name in the same folder"),
    ({"deck": "Bad Id"}, "field 'deck' is \"Bad Id\", but must be a deck id"),
    ({"size": None}, "field 'size' is null, but must be the bundle's size in bytes"),
    ({"published": 5}, "field 'published' is 5, but must be text"),
    ({"format": "other"}, "field 'format' is \"other\", but must be \"kiosk-feed/1\""),
    ({"older": "x"}, "field 'older' is \"x\", but must be a list of the earlier versions kept"),
    ({"older": [{"version": 1}] * 1001}, "field 'older' is a list of 1,001, but must be a list of the earlier "
                                         "versions kept (at most 1,000)"),
    ({"older": [GOOD["older"][0], {**GOOD["older"][0], "sha256": 5}]},
     "field 'older[2].sha256' is 5, but must be the bundle's SHA-256"),
    ({"older": [7]}, "field 'older[1]' is 7, but must be an object with version, file, size and sha256"),
    ({"older": [{}]}, "field 'older[1]' lacks the fields 'version', 'file', 'size' and 'sha256'"),
])
def test_each_bad_field_is_named_with_what_it_holds_and_must_be(changes, said):
    error = refusal(json.dumps({**GOOD, **changes}).encode())
    assert error.what.startswith(f"{URL}: ") and said in error.what, error.what
    assert error.fix == feed.FIX_FOLLOWED and str(error) == f"{error.what} — {error.fix}"
    assert plain(str(error))


def test_every_fault_is_said_the_missing_fields_together():
    data = {key: value for key, value in GOOD.items() if key not in ("sha256", "signature")}
    error = refusal(json.dumps({**data, "version": "2", "older": [{}]}).encode())
    assert error.what == (f"{URL}: field 'version' is \"2\", but must be a whole number from 1 to 2,147,483,647; "
                          "the feed lacks the fields 'sha256' and 'signature'; field 'older[1]' lacks the fields "
                          "'version', 'file', 'size' and 'sha256'")


@pytest.mark.parametrize("data, said", [
    (b"", "is not a feed: it is empty"),
    (b"{'deck': 1}", "is not a feed: it is not JSON: a name in double quotes was expected"),
    (b'{"deck": "x",\n "version": 2,}', "at line 2, column 15"),
    (b'{"a": 1} {"b": 2}', "it is not JSON: more follows the end of the JSON value at line 1, column 10"),
    (b"\xff\xfe{}", "it is not UTF-8 text (byte 0xff at line 1, column 1)"),
    (b"[1, 2]", "is not a feed: it holds a list, where a feed is an object"),
    (b"NaN", "it holds NaN, which is not a number JSON allows"),
    (b'{"deck": "\\ud800"}', "it holds \\ud800, half of a character (a lone surrogate)"),
    (b"[" * 100_000, "it is nested too deeply"),
    (b"<!doctype html><title>Sign in to the Wi-Fi</title>", "is a web page, not a feed (a Wi-Fi sign-in page"),
])
def test_a_feed_that_is_no_json_object_says_why_and_where(data, said):
    error = refusal(data)
    assert said in error.what and plain(str(error)), error.what


def test_a_feed_of_a_newer_format_asks_for_newer_software():
    error = refusal(json.dumps({**GOOD, "format": "kiosk-feed/2"}).encode())
    assert error.what == f'{URL} is a feed of the format "kiosk-feed/2", which this kiosk does not read (it reads ' \
                         '"kiosk-feed/1")'
    assert error.fix == "update the kiosk's software to the version that published it"


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                                        max_size=3), max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(changes=st.dictionaries(st.sampled_from(sorted(GOOD) + ["extra"]), JSON_VALUES, max_size=4),
       dropped=st.sets(st.sampled_from(sorted(GOOD)), max_size=3))
def test_any_bad_feed_object_is_refused_in_plain_words_naming_its_fields(changes, dropped):
    data = {key: value for key, value in {**GOOD, **changes}.items() if key not in dropped}
    try:
        feed.parse(json.dumps(data).encode(), URL)
    except feed.FeedError as error:
        assert plain(str(error)), str(error)
        assert error.what.startswith(URL) and error.fix
        named = set(re.findall(r"field '(\w+)", error.what))  # field 'older[2].sha256' names older
        for lacking in re.findall(r"the feed lacks the fields? ([^;]+)", error.what):
            named |= set(re.findall(r"'(\w+)'", lacking))
        assert named, error.what  # at least one field named
        assert named <= set(changes) | set(dropped), (named, error.what)  # and only ones that are wrong


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=60).map(str.encode))
def test_any_bytes_read_as_json_give_a_value_or_a_plain_reason(data):
    try:
        jsontext.loads(data)
    except jsontext.JsonError as error:
        assert plain(str(error)) and str(error).startswith("it "), str(error)


# ------------------------------------------------------------------ the commands
def test_kiosk_update_says_which_feed_which_field_and_what_to_do(tmp_path, published, monkeypatch, capsys):
    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))  # no settings.toml: the defaults
    data = json.loads((published / "feed.json").read_text(encoding="utf-8"))
    (published / "feed.json").write_text(json.dumps({**data, "sha256": 5}), encoding="utf-8")
    assert main(["update", "--source", str(published), "--library", str(tmp_path / "library")]) == 1
    err = capsys.readouterr().err
    assert err == (f"kiosk: failed: {published}/feed.json: field 'sha256' is 5, but must be the bundle's SHA-256: "
                   f"64 hex digits (0-9 and a-f); it will be read again later — {feed.FIX_FOLLOWED}\n")


def test_kiosk_publish_into_a_folder_with_a_bad_feed_says_how_to_mend_it(tmp_path, keypair, published, monkeypatch,
                                                                          capsys):
    from helpers.fleet import make_deck

    monkeypatch.setenv("KIOSK_CONFIG_DIR", str(tmp_path))

    (published / "feed.json").write_text('{"deck": "harvest", "version": 1,}', encoding="utf-8")
    assert main(["publish", str(make_deck(tmp_path / "deck")), "--key", str(keypair[0]), "--to", str(published)]) == 1
    err = capsys.readouterr().err
    assert err == (f"kiosk: {published}/feed.json is not a feed: it is not JSON: a name in double quotes was "
                   "expected (a comma before a closing }, or a name in single quotes?) at line 1, column 34; nothing "
                   f"was published — {feed.FIX_PUBLISHED}\n")


@pytest.mark.parametrize("data, said", [
    (b'{"versions": {"harvest": 1},', "cannot be read: it is not JSON: a name in double quotes was expected (a "
                                     "comma before a closing }, or a name in single quotes?) at line 1, column 29"),
    (b"[]", "holds a list, not the object the kiosk writes"),
    (b'{"versions": {"harvest": "1"}, "deck": "../x"}', "has fields the kiosk did not write as they are "
                                                         "(versions, deck)"),
])
def test_a_damaged_update_state_is_said_once_and_written_again(tmp_path, keypair, published, data, said):
    library = tmp_path / "library"
    library.mkdir()
    state = library / fetch.STATE_FILE
    state.write_bytes(data)
    outcome = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert outcome.result == "updated"
    assert outcome.message.endswith(f" (note: {state} {said}, so what the kiosk knew of earlier looks was "
                                    "started afresh)"), outcome.message
    assert plain(outcome.message)
    assert fetch.State.load(library).damaged is None  # written again whole
    again = fetch.check(fetch.Config(str(published), [keypair[1]], library))
    assert again.result == "current" and "note:" not in again.message


def test_a_status_record_of_the_wrong_kind_is_said_in_json_words():
    with pytest.raises(status.RecordError, match=r"^its deck_version is \"3\", but should be a whole number$"):
        status.parse_record(json.dumps({"kiosk_name": "a", "deck_version": "3", "written": "2026-10-19T09:31:00Z"}).encode())
    with pytest.raises(status.RecordError, match="^it is not JSON: a value was expected at line 1, column 16$"):
        status.parse_record(b'{"kiosk_name": }')


def test_a_damaged_copy_of_the_feed_in_the_update_state_is_named_so_and_read_afresh(tmp_path, keypair, published):
    library = tmp_path / "library"
    config = fetch.Config(str(published), [keypair[1]], library)
    assert fetch.check(config).result == "updated"
    state = fetch.State.load(library)
    state.feed = {**state.feed, "version": "x"}  # the server says 304: the copy kept is what is read
    state.save(library)
    outcome = fetch.check(config)
    assert outcome.result == "failed"
    assert outcome.message == (f"the copy of {published}/feed.json kept in {library / fetch.STATE_FILE}: field "
                               "'version' is \"x\", but must be a whole number from 1 to 2,147,483,647; the feed "
                               "itself will be read afresh at the next look")
    assert fetch.check(config).result == "current"
