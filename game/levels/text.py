"""A level's text in the language in use: the one accessor every screen reads it through.

The loader keeps the English model (the source of ids, option labels, numbers and every
record).  :func:`level_text` returns a copy of it for display whose player-facing text is
in the chosen language (``game.i18n.language()`` by default), field by field: what the
level's ``translations`` leave out stays English.  Option labels keep their English
identity in the copy too (offers, records and the analysis use them); show one with
:func:`option_label`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from game.engine import Negotiation, Offer
from game.engine.issues import DiscreteIssue, Issue, NumericIssue, Value, term_words
from game.i18n import SOURCE_LANGUAGE, language
from game.i18n import number as number_words
from game.levels.schema import LevelModel, NpcModel
from game.levels.schema_text import LevelTranslation, NpcText

_CACHE_SIZE = 32
_cache: dict[tuple[int, str], tuple[LevelModel, LevelModel]] = {}


def translation(model: LevelModel, code: str | None = None) -> LevelTranslation | None:
    """Return the level's translation into ``code`` (default: the language in use), if any."""
    code = language() if code is None else code
    if code == SOURCE_LANGUAGE:
        return None
    return model.translations.get(code)


def level_text(model: LevelModel, code: str | None = None) -> LevelModel:
    """Return ``model`` with its text in ``code`` (default: the language in use), falling
    back to English per field; the English model itself when there is no translation."""
    code = language() if code is None else code
    text = translation(model, code)
    if text is None:
        return model
    key = (id(model), code)
    found = _cache.get(key)
    if found is not None and found[0] is model:
        return found[1]
    shown = _translated(model, text)
    if len(_cache) >= _CACHE_SIZE:
        _cache.clear()
    _cache[key] = (model, shown)
    return shown


def option_label(model: LevelModel, issue_id: str, label: str, code: str | None = None) -> str:
    """Return how an option (named by its English label) is shown in ``code``."""
    text = translation(model, code)
    if text is None:
        return label
    issue = text.issues.get(issue_id)
    return label if issue is None else issue.options.get(label, label)


def issue_names(model: LevelModel, code: str | None = None) -> dict[str, str]:
    """Return each issue's shown name by id."""
    return {issue.id: issue.name for issue in level_text(model, code).issues}


def npc_text(model: LevelModel, npc: NpcModel, code: str | None = None) -> NpcModel:
    """Return one character with its text (name, role, bio, lines...) in ``code``."""
    text = translation(model, code)
    if text is None or npc.id not in text.npcs:
        return npc
    for english, shown in zip(model.npcs, level_text(model, code).npcs, strict=True):
        if english is npc:  # the level's own character: the copy the level's text keeps
            return shown
    return _npc(npc, text.npcs[npc.id])


def _set(update: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Add each given value (None: left out, the English stays)."""
    update.update({name: value for name, value in values.items() if value is not None})
    return update


def _by_id(items: list[Any], texts: Mapping[str, Any], fields: tuple[str, ...]) -> list[Any]:
    out = []
    for item in items:
        said = texts.get(item.id)
        if said is None:
            out.append(item)
            continue
        update = _set({}, **{name: getattr(said, name) for name in fields})
        out.append(item.model_copy(update=update) if update else item)
    return out


def _npc(npc: NpcModel, said: NpcText) -> NpcModel:
    update = _set({}, name=said.name, role=said.role, bio=said.bio)
    update["interests"] = _by_id(npc.interests, said.interests, ("fact", "question", "says"))
    update["misrepresentations"] = _by_id(
        npc.misrepresentations, said.misrepresentations, ("says", "proof", "truth")
    )
    update["grievances"] = _by_id(npc.grievances, said.grievances, ("text", "shared_account"))
    if said.lines:
        update["lines"] = {**npc.lines, **said.lines}
    if said.dialogue:
        update["dialogue"] = {**npc.dialogue, **said.dialogue}
    return npc.model_copy(update=update)


def _translated(model: LevelModel, text: LevelTranslation) -> LevelModel:
    update = _set(
        {},
        title=text.title,
        summary=text.summary,
        briefing=text.briefing,
        teaching_points=text.teaching_points,
        debrief_notes=text.debrief_notes,
    )
    said = text.player
    player = _set({}, role=said.role, name=said.name, batna=said.batna, knows=said.knows)
    player["grievances"] = _by_id(
        model.player.grievances, said.grievances, ("text", "shared_account")
    )
    update["player"] = model.player.model_copy(update=player)
    update["npcs"] = [
        _npc(npc, text.npcs[npc.id]) if npc.id in text.npcs else npc for npc in model.npcs
    ]
    update["issues"] = _by_id(model.issues, text.issues, ("name", "description", "unit"))
    update["evidence"] = _by_id(model.evidence, text.evidence, ("title", "text"))
    update["objectives"] = _by_id(model.objectives, text.objectives, ("text",))
    update["events"] = _by_id(model.events, text.events, ("description",))
    if model.role_play is not None and text.role_play is not None:
        play = text.role_play
        update["role_play"] = model.role_play.model_copy(
            update=_set({}, briefing=play.briefing, batna=play.batna, knows=play.knows)
        )
    return model.model_copy(update=update)


@dataclass(frozen=True)
class _ShownOptions(DiscreteIssue):
    """An options issue whose labels are shown translated; its values stay English."""

    shown: tuple[tuple[str, str], ...] = ()
    phrase: str = ""

    def format(self, value: Value) -> str:
        """Return the option's shown label."""
        return dict(self.shown).get(str(value), str(value))


@dataclass(frozen=True)
class _ShownNumber(NumericIssue):
    """A numeric issue whose numbers are written as the language in use writes them
    (``$4.500``, ``$11,50`` in Spanish); its values stay the same numbers."""

    localised: bool = True
    phrase: str = ""
    language: str | None = None  # whose numbers (None: the language in use)

    def format(self, value: Value) -> str:
        """Return the value with its unit, the number in the language's own style."""
        number = float(value)
        if number == int(number):
            decimals = 0
        elif self.unit in ("$", "€", "£"):
            decimals = 2  # money: "$11,50"
        else:
            english = NumericIssue.format(replace(self, unit=""), value)
            decimals = len(english.split(".")[1]) if "." in english else 0
        text = number_words(number, decimals, self.language)
        if not self.unit:
            return text
        return f"{self.unit}{text}" if self.unit_before else f"{text} {self.unit}"


def shown_issues(
    model: LevelModel, issues: Iterable[Issue], code: str | None = None
) -> tuple[Issue, ...]:
    """Return the engine's issues for display: names, units and option labels in ``code``;
    their ids and values (what offers hold) stay the English level's."""
    text = translation(model, code)
    if text is None:
        return tuple(issues)
    out: list[Issue] = []
    for issue in issues:
        said = text.issues.get(issue.id)
        if said is None:
            out.append(issue)
        elif isinstance(issue, NumericIssue):
            out.append(
                _ShownNumber(
                    issue.id,
                    said.name or issue.name,
                    issue.low,
                    issue.high,
                    issue.step,
                    said.unit or issue.unit,
                    issue.unit_before,
                    phrase=said.phrase or "",
                    language=code,
                )
            )
        else:
            labels = tuple((o, said.options.get(o, o)) for o in issue.options)
            out.append(
                _ShownOptions(
                    issue.id, said.name or issue.name, issue.options, labels, said.phrase or ""
                )
            )
    return tuple(out)


def describe_offer(
    model: LevelModel, negotiation: Negotiation, offer: Offer, code: str | None = None
) -> str:
    """Return a package in words as the player reads it (``Negotiation.describe`` in the
    level's language): ``Precio $4.250, Neumáticos de invierno incluidos``.  A package
    with a contingent clause is still described in English (its connecting words are not
    in the catalogues yet)."""
    if translation(model, code) is None or offer.clause is not None:
        return negotiation.describe(offer)
    issues = shown_issues(model, negotiation.space.issues, code)
    terms = offer.terms
    return ", ".join(term_words(i, terms[i.id]) for i in issues if i.id in terms)
