"""Pydantic's messages in the language in use: what a level file, or a class pack's
manifest, settings or results file, gets wrong in a field (the checks are pydantic's; its
messages are English).

Each kind of fault has a template whose English is pydantic's own sentence; when the template
does not give back pydantic's message exactly (a kind or a wording this does not know), the
English message is kept as it is, so the English lines never change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from game.i18n import N_, N_plural, ngettext, tr

_TEMPLATES: dict[str, str] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "int_type": N_("Input should be a valid integer"),
    "string_type": N_("Input should be a valid string"),
    "bool_type": N_("Input should be a valid boolean"),
    "float_type": N_("Input should be a valid number"),
    "finite_number": N_("Input should be a finite number"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be a valid dictionary"),
    "model_type": N_("Input should be a valid dictionary or instance of {class_name}"),
    "literal_error": N_("Input should be {expected}"),
    "string_pattern_mismatch": N_("String should match pattern '{pattern}'"),
    "greater_than_equal": N_("Input should be greater than or equal to {ge}"),
    "less_than_equal": N_("Input should be less than or equal to {le}"),
    "value_error": N_("Value error, {error}"),
    "multiple_of": N_("Input should be a multiple of {multiple_of}"),
    "enum": N_("Input should be {expected}"),
    "set_type": N_("Input should be a valid set"),
    "frozen_set_type": N_("Input should be a valid frozenset"),
    "int_parsing_size": N_("Unable to parse input string as an integer, exceeded maximum size"),
    "string_unicode": N_(
        "Input should be a valid string, unable to parse raw data as a unicode string"
    ),
    "iterable_type": N_("Input should be iterable"),
    "is_instance_of": N_("Input should be an instance of {class}"),
    "frozen_field": N_("Field is frozen"),
    "frozen_instance": N_("Instance is frozen"),
}
_COUNTED: dict[tuple[str, str], tuple[str, str]] = {
    ("string_too_short", ""): N_plural(
        "String should have at least {min_length} character",
        "String should have at least {min_length} characters",
    ),
    ("string_too_long", ""): N_plural(
        "String should have at most {max_length} character",
        "String should have at most {max_length} characters",
    ),
    ("too_short", "List"): N_plural(
        "List should have at least {min_length} item after validation, not {actual_length}",
        "List should have at least {min_length} items after validation, not {actual_length}",
    ),
    ("too_long", "List"): N_plural(
        "List should have at most {max_length} item after validation, not {actual_length}",
        "List should have at most {max_length} items after validation, not {actual_length}",
    ),
    ("too_short", "Dictionary"): N_plural(
        "Dictionary should have at least {min_length} item after validation, not {actual_length}",
        "Dictionary should have at least {min_length} items after validation, not {actual_length}",
    ),
    ("too_long", "Dictionary"): N_plural(
        "Dictionary should have at most {max_length} item after validation, not {actual_length}",
        "Dictionary should have at most {max_length} items after validation, not {actual_length}",
    ),
}
"""Faults whose message counts something: the form follows the count (the limit) as the
language's plural rule says."""
_OR = N_("{first} or {last}")


def _template(kind: str, ctx: dict[str, Any]) -> tuple[str, Callable[[], str]] | None:
    """Return a fault's English template (as pydantic writes it) and how to get it in the
    language in use; None for a kind this does not know."""
    if kind in _TEMPLATES:
        message = _TEMPLATES[kind]
        return message, lambda: tr(message)
    field = "" if kind.startswith("string_") else str(ctx.get("field_type"))
    pair = _COUNTED.get((kind, field))
    count = ctx.get("min_length", ctx.get("max_length"))
    if pair is None or not isinstance(count, int):
        return None
    return pair[0] if count == 1 else pair[1], lambda: ngettext(*pair, count)


def _expected(text: str, say: Callable[[str], str]) -> str:
    """Return pydantic's ``'a', 'b' or 'c'`` with the ``or`` said by ``say``."""
    first, sep, last = text.rpartition(" or ")
    return say(_OR).format(first=first, last=last) if sep else text


def or_words(text: str) -> str:
    """Return pydantic's ``'a', 'b' or 'c'`` with the ``or`` in the language in use (a text
    with more than one ``or`` as it is)."""
    head, sep, _last = text.rpartition(" or ")
    return text if not sep or " or " in head else _expected(text, tr)


def validation_message(item: Mapping[str, Any]) -> str:
    """Return one pydantic error's message (first letter lower case) in the language in use."""
    english = item["msg"]
    ctx = dict(item.get("ctx") or {})
    found = _template(str(item.get("type")), ctx)
    if found is not None:
        template, translated = found
        try:
            params = dict(ctx)
            if "expected" in params:
                params["expected"] = _expected(str(params["expected"]), str)
            if "error" in params:
                params["error"] = str(params["error"])
            same = template.format(**params) == english
        except (KeyError, IndexError, ValueError):
            same = False
        if same:
            if "expected" in ctx:
                ctx["expected"] = _expected(str(ctx["expected"]), tr)
            if "error" in ctx:
                ctx["error"] = tr(str(ctx["error"]))
            english = translated().format(**ctx)
    return english[0].lower() + english[1:] if english else english
