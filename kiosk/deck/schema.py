"""The deck format as a JSON Schema, for editors that check YAML as it is typed.

The schema is generated from the pydantic model (:class:`kiosk.deck.model.Deck`), so it can
never drift from what ``kiosk validate`` accepts by field; ``docs/deck.schema.json`` is this
output, committed. Checks that need the whole deck (contrast, images, duplicate ids, past
events) are ``kiosk validate``'s alone.
"""

from __future__ import annotations

import json
from typing import Any

from kiosk.deck.model import TEXT_SCHEMA, Deck

#: JSON Schema dialect pydantic generates (draft 2020-12).
DIALECT = "https://json-schema.org/draft/2020-12/schema"
_TEXT_REF = "#/$defs/Text"


def deck_schema() -> dict[str, Any]:
    """Return the JSON Schema of ``deck.yaml`` (pydantic ``model_json_schema``, validation mode).

    Every mapping has ``additionalProperties: false``, so an editor flags an unknown field.
    Visible text (:data:`kiosk.deck.model.Text`) is one shared definition, ``#/$defs/Text``, and
    each model's description is the first paragraph of its docstring.
    """
    schema = _share_text(Deck.model_json_schema(mode="validation"))
    schema["properties"]["slides"]["items"] = _by_type(schema["properties"]["slides"]["items"])
    for definition in schema["$defs"].values():
        if "description" in definition:
            definition["description"] = definition["description"].split("\n\n")[0].replace("``", "`")
    schema["$defs"]["Text"] = dict(TEXT_SCHEMA)
    schema["description"] = schema["description"].split("\n\n")[0]
    return {"$schema": DIALECT, "title": "Kiosk deck (deck.yaml)", **{k: v for k, v in schema.items() if k != "title"}}


def _by_type(items: dict[str, Any]) -> dict[str, Any]:
    """Turn pydantic's ``oneOf`` + ``discriminator`` for slides into one ``if``/``then`` per type.

    ``discriminator`` is an OpenAPI keyword that JSON Schema validators ignore, so with ``oneOf``
    alone a typo in one slide is reported as "not valid under any of the given schemas". Keyed
    on ``type``, an editor names the unknown type or the exact field at fault instead.
    """
    mapping = items["discriminator"]["mapping"]
    return {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(mapping), "description": "What kind of slide"}},
        "allOf": [{"if": {"properties": {"type": {"const": name}}, "required": ["type"]}, "then": {"$ref": ref}}
                  for name, ref in mapping.items()],
    }


def _share_text(node: Any) -> Any:
    """Replace every inline copy of the Text schema under ``node`` by a ``$ref`` to one definition."""
    if isinstance(node, list):
        return [_share_text(item) for item in node]
    if not isinstance(node, dict):
        return node
    if node.get("anyOf") == TEXT_SCHEMA["anyOf"]:
        rest = {k: v for k, v in node.items() if k != "anyOf"
                and not (k == "description" and v == TEXT_SCHEMA["description"])}
        return {"$ref": _TEXT_REF, **rest}
    return {key: _share_text(value) for key, value in node.items()}


def schema_text() -> str:
    """The schema as indented JSON text ending in a newline (the content of ``docs/deck.schema.json``)."""
    return json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"
