"""Checks of a level's translations: every id and label named is the level's, and which
text each language leaves in English.

:func:`lint_translations` returns problems (the level is refused); :func:`untranslated`
returns one warning per language that leaves text untranslated (the level still loads:
the English text is shown in its place).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from game.i18n import SOURCE_LANGUAGE, ngettext, pgettext, tr
from game.levels.problems import Problem, json_path, shown, suggestion
from game.levels.schema import LevelModel
from game.levels.schema_text import LevelTranslation
from game.npc.dialogue import PLACEHOLDERS, placeholders

AddProblem = Callable[[Problem], None]


def lint_translations(model: LevelModel, add: AddProblem) -> None:
    """Report each translated id, label or list that does not match the English level."""
    for code, text in model.translations.items():
        base: list[str | int] = ["translations", code]
        if code == SOURCE_LANGUAGE:
            add(
                Problem(
                    json_path(base),
                    tr(
                        "English is the level's own text (the fields above): translations "
                        "hold other languages only"
                    ),
                )
            )
        _lists(model, text, base, add)
        _ids(
            base + ["npcs"],
            text.npcs,
            [n.id for n in model.npcs],
            pgettext("what a translation names", "NPC"),
            add,
        )
        for npc_id, npc_text in text.npcs.items():
            npc = next((n for n in model.npcs if n.id == npc_id), None)
            if npc is None:
                continue
            where = base + ["npcs", npc_id]
            _ids(
                where + ["interests"],
                npc_text.interests,
                [i.id for i in npc.interests],
                tr("interest of {id}").format(id=npc_id),
                add,
            )
            _ids(
                where + ["misrepresentations"],
                npc_text.misrepresentations,
                [m.id for m in npc.misrepresentations],
                tr("claim of {id}").format(id=npc_id),
                add,
            )
            _ids(
                where + ["grievances"],
                npc_text.grievances,
                [g.id for g in npc.grievances],
                tr("grievance of {id}").format(id=npc_id),
                add,
            )
            _ids(
                where + ["lines"],
                npc_text.lines,
                list(npc.lines),
                tr("key of {id}'s own lines").format(id=npc_id),
                add,
            )
            _ids(
                where + ["dialogue"],
                npc_text.dialogue,
                list(npc.dialogue),
                tr("key of {id}'s dialogue").format(id=npc_id),
                add,
            )
            for field in ("lines", "dialogue"):
                for key, rows in getattr(npc_text, field).items():
                    for number, row in enumerate(rows):
                        for name in placeholders(row.text):
                            if name not in PLACEHOLDERS:
                                add(
                                    Problem(
                                        json_path(where + [field, key, number, "text"]),
                                        tr("unknown placeholder {placeholder}{hint}").format(
                                            placeholder="{" + name + "}",
                                            hint=suggestion(name, PLACEHOLDERS),
                                        ),
                                    )
                                )
        _ids(
            base + ["player", "grievances"],
            text.player.grievances,
            [g.id for g in model.player.grievances],
            pgettext("what a translation names", "player grievance"),
            add,
        )
        _ids(
            base + ["issues"],
            text.issues,
            [i.id for i in model.issues],
            pgettext("what a translation names", "issue"),
            add,
        )
        for issue_id, issue_text in text.issues.items():
            issue = next((i for i in model.issues if i.id == issue_id), None)
            if issue is None or not issue_text.options:
                continue
            labels = list(issue.options) if issue.type == "options" else []
            _ids(
                base + ["issues", issue_id, "options"],
                issue_text.options,
                labels,
                tr("option of {id}").format(id=issue_id),
                add,
            )
        _ids(
            base + ["evidence"],
            text.evidence,
            [e.id for e in model.evidence],
            pgettext("what a translation names", "evidence card"),
            add,
        )
        _ids(
            base + ["objectives"],
            text.objectives,
            [o.id for o in model.objectives],
            pgettext("what a translation names", "objective"),
            add,
        )
        _ids(
            base + ["events"],
            text.events,
            [e.id for e in model.events],
            pgettext("what a translation names", "event"),
            add,
        )
        if text.role_play is not None and model.role_play is None:
            add(
                Problem(
                    json_path(base + ["role_play"]), tr("the level has no role_play to translate")
                )
            )


def _ids(
    where: list[str | int],
    given: Mapping[str, Any],
    known: list[str],
    what: str,
    add: AddProblem,
) -> None:
    for key in given:
        if key not in known:
            if known:
                message = tr("unknown {what} {name}{hint}: the level has {have}")
            else:
                message = tr("unknown {what} {name}{hint}: the level has none")
            add(
                Problem(
                    json_path([*where, key]),
                    message.format(
                        what=what,
                        name=shown(key),
                        hint=suggestion(key, known),
                        have=", ".join(shown(k) for k in known),
                    ),
                )
            )


def _lists(
    model: LevelModel, text: LevelTranslation, base: list[str | int], add: AddProblem
) -> None:
    """A translated list has one entry for each English one."""
    pairs: list[tuple[list[str | int], list[str] | None, list[str]]] = [
        (base + ["teaching_points"], text.teaching_points, list(model.teaching_points)),
        (base + ["player", "knows"], text.player.knows, list(model.player.knows)),
    ]
    if text.role_play is not None and model.role_play is not None:
        pairs.append(
            (base + ["role_play", "knows"], text.role_play.knows, list(model.role_play.knows))
        )
    for where, translated, english in pairs:
        if translated is not None and len(translated) != len(english):
            add(
                Problem(
                    json_path(where),
                    ngettext(
                        "{given} entries for the {count} in English: give one for each, "
                        "in the same order",
                        "{given} entries for the {count} in English: give one for each, "
                        "in the same order",
                        len(translated),
                    ).format(given=len(translated), count=len(english)),
                )
            )


def untranslated(model: LevelModel) -> list[Problem]:
    """Return one warning per language listing the text it leaves in English (none when
    a language translates everything)."""
    warnings = []
    for code, text in model.translations.items():
        if code == SOURCE_LANGUAGE:
            continue
        missing = missing_fields(model, text)
        if missing:
            warnings.append(
                Problem(
                    json_path(["translations", code]),
                    ngettext(
                        "partly translated: {count} text(s) left in English: {fields}",
                        "partly translated: {count} text(s) left in English: {fields}",
                        len(missing),
                    ).format(count=len(missing), fields=", ".join(missing)),
                )
            )
    return warnings


def missing_fields(model: LevelModel, text: LevelTranslation) -> list[str]:
    """Return the paths (as in the English level) of every text ``text`` leaves out."""
    missing: list[str] = []

    def need(path: str, english: object, given: object) -> None:
        if english and given is None:
            missing.append(path)

    for name in ("title", "summary", "briefing", "teaching_points", "debrief_notes"):
        need(name, getattr(model, name), getattr(text, name))
    player = model.player
    need("player.role", player.role, text.player.role)
    need("player.batna", player.batna, text.player.batna)
    need("player.knows", player.knows, text.player.knows)
    for grievance in player.grievances:
        _grievance(
            f"player.grievances.{grievance.id}",
            grievance,
            text.player.grievances.get(grievance.id),
            missing,
        )
    for npc in model.npcs:
        _npc_missing(npc, text.npcs.get(npc.id), need, missing)
    for issue in model.issues:
        said_issue = text.issues.get(issue.id)
        need(f"issues.{issue.id}.name", issue.name, None if said_issue is None else said_issue.name)
        need(
            f"issues.{issue.id}.description",
            issue.description,
            None if said_issue is None else said_issue.description,
        )
        if issue.type == "options":
            for label in issue.options:
                need(
                    f"issues.{issue.id}.options[{label!r}]",
                    label,
                    None if said_issue is None else said_issue.options.get(label),
                )
    for card in model.evidence:
        said_card = text.evidence.get(card.id)
        need(
            f"evidence.{card.id}.title", card.title, None if said_card is None else said_card.title
        )
        need(f"evidence.{card.id}.text", card.text, None if said_card is None else said_card.text)
    for objective in model.objectives:
        said_goal = text.objectives.get(objective.id)
        need(
            f"objectives.{objective.id}.text",
            objective.text,
            None if said_goal is None else said_goal.text,
        )
    for event in model.events:
        said_event = text.events.get(event.id)
        need(
            f"events.{event.id}.description",
            event.description,
            None if said_event is None else said_event.description,
        )
    if model.role_play is not None:
        play = text.role_play
        for field in ("briefing", "batna", "knows"):
            need(
                f"role_play.{field}",
                getattr(model.role_play, field),
                None if play is None else getattr(play, field),
            )
    return missing


def _npc_missing(
    npc: Any, own: Any, need: Callable[[str, object, object], None], missing: list[str]
) -> None:
    where = f"npcs.{npc.id}"
    need(f"{where}.role", npc.role, None if own is None else own.role)
    need(f"{where}.bio", npc.bio, None if own is None else own.bio)
    for group, fields in (
        ("interests", ("fact", "question", "says")),
        ("misrepresentations", ("says", "proof", "truth")),
    ):
        translated = None if own is None else getattr(own, group)
        for item in getattr(npc, group):
            said = None if translated is None else translated.get(item.id)
            for field in fields:
                need(
                    f"{where}.{group}.{item.id}.{field}",
                    getattr(item, field),
                    None if said is None else getattr(said, field),
                )
    for grievance in npc.grievances:
        _grievance(
            f"{where}.grievances.{grievance.id}",
            grievance,
            None if own is None else own.grievances.get(grievance.id),
            missing,
        )
    for field in ("lines", "dialogue"):
        for key in getattr(npc, field):
            need(
                f"{where}.{field}.{key}",
                True,
                None if own is None else getattr(own, field).get(key),
            )


def _grievance(where: str, grievance: Any, said: Any, missing: list[str]) -> None:
    for field in ("text", "shared_account"):
        if getattr(grievance, field) and (said is None or getattr(said, field) is None):
            missing.append(f"{where}.{field}")
