"""JSON Schemas of the output contract (``eventwire.event/1``) and validation against them.

The schemas live in ``data/schema/`` (``result.schema.json`` for one line of ``eventwire
code``, ``story.schema.json`` for one line of ``eventwire stories``). The story schema
reuses the result schema's ``event`` definition by ``$ref``, so both are registered
together and resolved by their ``$id``.
"""
from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .errors import DataFileError

SCHEMA_NAMES = ("result", "story")


@cache
def load_schema(name: str = "result") -> dict[str, Any]:
    """The packaged JSON Schema called ``name`` (``"result"`` or ``"story"``)."""
    if name not in SCHEMA_NAMES:
        raise DataFileError(f"unknown schema {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    resource = files("eventwire.data").joinpath("schema", f"{name}.schema.json")
    try:
        return json.loads(resource.read_text("utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataFileError(f"cannot read schema {name}: {exc}") from exc


@cache
def _validator(name: str) -> Draft202012Validator:
    registry = Registry().with_resources(
        (load_schema(n)["$id"], Resource.from_contents(load_schema(n))) for n in SCHEMA_NAMES
    )
    return Draft202012Validator(load_schema(name), registry=registry)


def validate(obj: Any, name: str = "result") -> None:
    """Raise ``jsonschema.ValidationError`` (the most relevant one) if ``obj`` breaks schema ``name``."""
    _validator(name).validate(obj)


def validate_result(obj: Any) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``obj`` is a valid output line of ``eventwire code``."""
    validate(obj, "result")


def validate_story(obj: Any) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``obj`` is a valid line of ``eventwire stories``."""
    validate(obj, "story")
