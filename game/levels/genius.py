"""Turn a GENIUS / ANAC domain and two utility profiles into a playable level.

GENIUS utility: ``sum_i w_i * eval_i(value) / max eval_i`` with weights normalised to sum 1,
which is exactly the engine's additive model.  The XML is untrusted input: it is parsed
with defusedxml (no entity expansion, no external references).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from game.engine.issues import MAX_ISSUE_VALUES
from game.i18n import number, tr
from game.levels.problems import LevelError, Problem, clip, shown
from game.levels.schema import MAX_ISSUES, MAX_OPTIONS

MAX_XML_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class GeniusIssue:
    """An issue as a GENIUS domain declares it."""

    index: str
    name: str
    kind: str  # "discrete", "integer" or "real"
    options: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 0.0


@dataclass(frozen=True)
class GeniusProfile:
    """One party's utility space: weights and evaluations by issue index.

    A numeric issue's evaluation is GENIUS's clamped line:
    ``eval(x) = min(1, max(0, slope * (x - anchors[index]) + offset))`` where the anchor is
    the issue's lower bound for an integer issue (``<evaluator slope= offset=>``) and 0 for a
    real one (``<evaluator ftype="linear" parameter0=offset parameter1=slope>``).
    """

    name: str
    weights: dict[str, float]
    evaluations: dict[str, dict[str, float]]
    linear: dict[str, tuple[float, float]]  # issue index -> (slope, offset)
    reservation: float
    discount: float
    anchors: dict[str, float] = field(default_factory=dict)  # issue index -> x of the offset


def _read(path: Path) -> Element:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise LevelError(source, [Problem(tr("(file)"), _os_message(error))]) from None
    if not path.is_file():
        raise LevelError(source, [Problem(tr("(file)"), tr("not a file (a folder or a device?)"))])
    if size > MAX_XML_BYTES:
        raise LevelError(
            source,
            [
                Problem(
                    tr("(file)"),
                    tr("the file is {size} bytes; a GENIUS file may be at most {most}").format(
                        size=number(size), most=number(MAX_XML_BYTES)
                    ),
                )
            ],
        )
    try:
        with path.open("rb") as stream:
            return SafeTree.parse(stream, forbid_dtd=False).getroot()
    except DefusedXmlException as error:
        raise LevelError(
            source,
            [
                Problem(
                    tr("(file)"),
                    tr(
                        "refused unsafe XML ({error}): the file declares entities or external "
                        "references, which could expand without limit or read other files; "
                        "GENIUS files need neither"
                    ).format(error=type(error).__name__),
                )
            ],
        ) from None
    except SafeTree.ParseError as error:
        line, column = getattr(error, "position", (1, 0))
        reason = re.sub(r":? line \d+, column \d+$", "", str(error)) or tr("syntax error")
        place = tr("line {line} column {column}").format(line=line, column=column + 1)
        message = tr("not well-formed XML: {reason}").format(reason=reason)
        raise LevelError(source, [Problem(place, message)]) from None
    except OSError as error:
        raise LevelError(source, [Problem(tr("(file)"), _os_message(error))]) from None


def _os_message(error: OSError) -> str:
    reason = error.strerror or type(error).__name__
    return tr("cannot read the file: {reason}").format(reason=f"{reason[0].lower()}{reason[1:]}")


def _number(text: str | None, source: str, where: str, what: str) -> float:
    """Return an attribute as a finite number; LevelError naming it otherwise."""
    try:
        value = float((text or "").strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise LevelError(
            source,
            [
                Problem(
                    where,
                    tr("{what} is not a number (got {text})").format(what=what, text=repr(text)),
                )
            ],
        )
    return value


def _issue_elements(root: Element) -> list[Element]:
    return [e for e in root.iter("issue")]


def _bounds(element: Element) -> tuple[str | None, str | None]:
    """Return an issue's lowerbound and upperbound: attributes, or a ``<range>`` child."""
    attributes = {k.lower(): v for k, v in element.attrib.items()}
    low, high = attributes.get("lowerbound"), attributes.get("upperbound")
    span = element.find("range")
    if span is not None:
        inner = {k.lower(): v for k, v in span.attrib.items()}
        low = low if low is not None else inner.get("lowerbound")
        high = high if high is not None else inner.get("upperbound")
    return low, high


def read_domain(path: Path) -> list[GeniusIssue]:
    """Return the issues of a GENIUS domain file."""
    root = _read(path)
    source = str(path)
    issues = []
    seen: dict[str, str] = {}
    elements = _issue_elements(root)
    if len(elements) > MAX_ISSUES:
        raise LevelError(
            source,
            [
                Problem(
                    tr("(root)"),
                    tr(
                        "the domain declares {count} issues; a level may have at most {most}"
                    ).format(count=number(len(elements)), most=MAX_ISSUES),
                )
            ],
        )
    for position, element in enumerate(elements):
        where = f"issue[{position}]"
        name = (element.get("name") or "").strip()
        index = (element.get("index") or str(position + 1)).strip()
        kind = (element.get("type") or element.get("etype") or "discrete").lower()
        if not name:
            raise LevelError(source, [Problem(where, tr("an issue has no name"))])
        if index in seen:
            raise LevelError(
                source,
                [
                    Problem(
                        where,
                        tr("issues {first} and {second} share the index {index}").format(
                            first=repr(seen[index]), second=repr(name), index=index
                        ),
                    )
                ],
            )
        seen[index] = name
        if kind == "discrete":
            options = tuple((item.get("value") or "").strip() for item in element.findall("item"))
            if not options or any(not o for o in options):
                raise LevelError(
                    source,
                    [
                        Problem(
                            where,
                            tr("issue {name} has no items with a value").format(name=repr(name)),
                        )
                    ],
                )
            if len(options) > MAX_OPTIONS:
                raise LevelError(
                    source,
                    [
                        Problem(
                            where,
                            tr(
                                "issue {name} has {count} items; a level's issue may have at "
                                "most {most}"
                            ).format(
                                name=shown(name), count=number(len(options)), most=MAX_OPTIONS
                            ),
                        )
                    ],
                )
            twice = sorted(o for o, times in Counter(options).items() if times > 1)
            if twice:
                listed = clip(", ".join(map(repr, twice)), 200)
                raise LevelError(
                    source,
                    [
                        Problem(
                            where,
                            tr("issue {name} lists {items} twice").format(
                                name=shown(name), items=listed
                            ),
                        )
                    ],
                )
            issues.append(GeniusIssue(index, name, "discrete", options))
        elif kind in ("integer", "real"):
            low_text, high_text = _bounds(element)
            if low_text is None or high_text is None:
                raise LevelError(
                    source,
                    [
                        Problem(
                            where,
                            tr("issue {name} needs a lowerbound and an upperbound").format(
                                name=repr(name)
                            ),
                        )
                    ],
                )
            low = _number(
                low_text, source, where, tr("the lowerbound of {name}").format(name=repr(name))
            )
            high = _number(
                high_text, source, where, tr("the upperbound of {name}").format(name=repr(name))
            )
            if high < low:
                raise LevelError(
                    source,
                    [
                        Problem(
                            where,
                            tr("issue {name}: upperbound {high:g} is below {low:g}").format(
                                name=repr(name), high=high, low=low
                            ),
                        )
                    ],
                )
            if kind == "integer":
                if low != int(low) or high != int(high):
                    raise LevelError(
                        source,
                        [
                            Problem(
                                where,
                                tr("integer issue {name} needs whole-number bounds").format(
                                    name=repr(name)
                                ),
                            )
                        ],
                    )
                if high - low + 1 > MAX_ISSUE_VALUES:
                    raise LevelError(
                        source,
                        [
                            Problem(
                                where,
                                tr(
                                    "integer issue {name} has {count} values; the game handles "
                                    "at most {most}"
                                ).format(
                                    name=repr(name),
                                    count=number(int(high - low + 1)),
                                    most=number(MAX_ISSUE_VALUES),
                                ),
                            )
                        ],
                    )
            issues.append(GeniusIssue(index, name, kind, (), low, high))
        else:
            raise LevelError(
                source,
                [
                    Problem(
                        where,
                        tr("issue type {kind} is not supported (discrete, integer, real)").format(
                            kind=repr(kind)
                        ),
                    )
                ],
            )
    if not issues:
        raise LevelError(source, [Problem(tr("(root)"), tr("the domain declares no issues"))])
    return issues


def read_profile(path: Path) -> GeniusProfile:
    """Return the weights, evaluations, reservation value and discount of a GENIUS profile."""
    root = _read(path)
    source = str(path)
    weights: dict[str, float] = {}
    for element in root.iter("weight"):
        index = (element.get("index") or "").strip()
        weights[index] = _number(element.get("value"), source, f"weight[{index}]", tr("the weight"))
    evaluations: dict[str, dict[str, float]] = {}
    linear: dict[str, tuple[float, float]] = {}
    anchors: dict[str, float] = {}
    for element in _issue_elements(root):
        index = (element.get("index") or "").strip()
        where = f"issue[{index}]"
        items = {}
        for item in element.findall("item"):
            label = (item.get("value") or "").strip()
            items[label] = _number(
                item.get("evaluation", "0"),
                source,
                where,
                tr("the evaluation of {item}").format(item=repr(label)),
            )
        if items:
            evaluations[index] = items
        kind = (element.get("type") or element.get("etype") or "discrete").lower()
        evaluator = element.find("evaluator")
        if kind == "integer":
            # GENIUS EvaluatorInteger: slope and offset from the issue's lower bound.
            low_text, _ = _bounds(element)
            if low_text is not None:
                anchors[index] = _number(low_text, source, where, tr("the lowerbound"))
            if evaluator is not None:
                linear[index] = (
                    _number(evaluator.get("slope"), source, f"{where}.evaluator", tr("the slope")),
                    _number(
                        evaluator.get("offset"), source, f"{where}.evaluator", tr("the offset")
                    ),
                )
            else:
                linear[index] = (0.0, 0.0)  # GENIUS: no evaluator evaluates every value to 0
        elif kind == "real":
            linear[index] = _real_evaluator(evaluator, source, where)
            anchors[index] = 0.0
    reservation = 0.0
    node = root.find(".//reservation")
    if node is not None:
        reservation = _number(node.get("value", "0"), source, "reservation", tr("the value"))
    discount = 1.0
    node = root.find(".//discount_factor")
    if node is not None:
        discount = _number(node.get("value", "1"), source, "discount_factor", tr("the value"))
    if not 0 <= reservation <= 1:
        raise LevelError(
            source,
            [Problem("reservation", tr("{value:g} is outside [0, 1]").format(value=reservation))],
        )
    if not 0 < discount <= 1:
        discount = 1.0  # GENIUS reads 0 (and anything outside (0, 1]) as no discount
    return GeniusProfile(path.stem, weights, evaluations, linear, reservation, discount, anchors)


def _real_evaluator(evaluator: Element | None, source: str, where: str) -> tuple[float, float]:
    """Return (slope, offset) of a real issue's evaluator (GENIUS EvaluatorReal)."""
    if evaluator is None:
        raise LevelError(source, [Problem(where, tr("the real issue has no <evaluator>"))])
    ftype = (evaluator.get("ftype") or "").lower()
    place = f"{where}.evaluator"
    if ftype == "linear":
        return (
            _number(evaluator.get("parameter1"), source, place, tr("parameter1 (the slope)")),
            _number(evaluator.get("parameter0"), source, place, tr("parameter0 (the offset)")),
        )
    if ftype == "constant":
        return 0.0, _number(evaluator.get("parameter0"), source, place, "parameter0")
    raise LevelError(
        source,
        [
            Problem(
                place,
                tr("evaluator type {kind} is not supported (linear, constant)").format(
                    kind=repr(ftype)
                ),
            )
        ],
    )


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:30] or "issue"
    if not base[0].isalnum():
        base = "i" + base
    slug, counter = base, 2
    while slug in taken:
        slug = f"{base}-{counter}"
        counter += 1
    taken.add(slug)
    return slug


def _preferences(
    profile: GeniusProfile, issues: list[GeniusIssue], ids: dict[str, str], source: str
) -> dict[str, Any]:
    weights: dict[str, float] = {}
    values: dict[str, Any] = {}
    for issue in issues:
        issue_id = ids[issue.index]
        where = f"issue[{issue.index}]"
        weight = profile.weights.get(issue.index)
        if weight is None:
            raise LevelError(
                source,
                [
                    Problem(
                        f"weight[{issue.index}]",
                        tr("no weight for issue {name}").format(name=repr(issue.name)),
                    )
                ],
            )
        if weight < 0:
            raise LevelError(
                source, [Problem(f"weight[{issue.index}]", tr("weights must not be negative"))]
            )
        weights[issue_id] = weight
        if issue.kind == "discrete":
            scores = profile.evaluations.get(issue.index, {})
            unknown = sorted(set(scores) - set(issue.options))
            if unknown:
                raise LevelError(
                    source,
                    [
                        Problem(
                            where,
                            tr("items not in the domain: {items}").format(
                                items=clip(", ".join(unknown), 200)
                            ),
                        )
                    ],
                )
            if any(s < 0 for s in scores.values()):
                raise LevelError(source, [Problem(where, tr("evaluations must not be negative"))])
            if weight > 0 and not any(s > 0 for s in scores.values()):
                raise LevelError(
                    source,
                    [
                        Problem(
                            where,
                            tr(
                                "every item of {name} evaluates to 0, yet the issue has a weight "
                                "(GENIUS would divide by a zero maximum)"
                            ).format(name=repr(issue.name)),
                        )
                    ],
                )
            values[issue_id] = {
                "kind": "options",
                "scores": {o: scores.get(o, 0.0) for o in issue.options},
            }
        else:
            points = _linear_points(profile, issue, source)
            best = max(score for _, score in points)
            if weight > 0 and 0 < best < 1 - 1e-9:
                raise LevelError(
                    source,
                    [
                        Problem(
                            f"{where}.evaluator",
                            tr(
                                "the best value of {name} evaluates to {best:.4g}, below 1: the "
                                "game scales each issue's best value to 1, so utilities would "
                                "differ from GENIUS"
                            ).format(name=repr(issue.name), best=best),
                        )
                    ],
                )
            values[issue_id] = {"kind": "table", "points": [[x, y] for x, y in points]}
    if sum(weights.values()) <= 0:
        raise LevelError(source, [Problem("weights", tr("all weights are zero"))])
    return {
        "weights": weights,
        "values": values,
        "reservation": profile.reservation,
        "discount": profile.discount,
    }


def _linear_points(
    profile: GeniusProfile, issue: GeniusIssue, source: str
) -> list[tuple[float, float]]:
    """Return (value, evaluation) points of GENIUS's clamped line across a numeric issue.

    ``eval(x) = min(1, max(0, slope * (x - anchor) + offset))`` is linear between the
    bounds and the places where the line crosses 0 and 1, so a table through those
    points gives GENIUS's evaluation at every value.
    """
    slope, offset = profile.linear.get(issue.index, (0.0, 0.0))
    anchor = profile.anchors.get(issue.index, issue.low if issue.kind == "integer" else 0.0)

    def evaluate(x: float) -> float:
        return min(1.0, max(0.0, slope * (x - anchor) + offset))

    xs = {issue.low, issue.high}
    if slope:
        for level in (0.0, 1.0):
            crossing = anchor + (level - offset) / slope
            if issue.low < crossing < issue.high:
                xs.add(crossing)
    points = [(x, evaluate(x)) for x in sorted(xs)]
    if not all(math.isfinite(x) and math.isfinite(y) for x, y in points):
        raise LevelError(
            source, [Problem(f"issue[{issue.index}].evaluator", tr("the evaluator overflows"))]
        )
    return points


def _renamed(profile: GeniusProfile, domain_name: str) -> GeniusProfile:
    """Return the profile named by what its file name adds to the domain's (Itex, not ItexvsCypress_Itex)."""
    from dataclasses import replace

    name = profile.name
    if name.lower().startswith(domain_name.lower()):
        name = name[len(domain_name) :]
    name = re.sub(r"[_-]+", " ", name).strip()
    name = re.sub(r"\b(utility|domain)\b", "", name, flags=re.I).strip() or profile.name
    return replace(profile, name=name[:1].upper() + name[1:])


def import_genius(
    domain: Path,
    profile_a: Path,
    profile_b: Path,
    *,
    level_id: str | None = None,
    strategy: str = "boulware",
    deadline: int = 20,
    keep_discount: bool = True,
) -> dict[str, Any]:
    """Return a level (as JSON-ready data) from a GENIUS domain; profile A is the player."""
    issues = read_domain(domain)
    first, second = read_profile(profile_a), read_profile(profile_b)
    taken: set[str] = set()
    ids = {issue.index: _slug(issue.name, taken) for issue in issues}
    issue_models: list[dict[str, Any]] = []
    for issue in issues:
        if issue.kind == "discrete":
            issue_models.append(
                {
                    "type": "options",
                    "id": ids[issue.index],
                    "name": issue.name[:40],
                    "options": list(issue.options),
                }
            )
        else:
            step = 1.0 if issue.kind == "integer" else max((issue.high - issue.low) / 20, 1e-6)
            issue_models.append(
                {
                    "type": "numeric",
                    "id": ids[issue.index],
                    "name": issue.name[:40],
                    "low": issue.low,
                    "high": issue.high,
                    "step": step,
                }
            )
    player_prefs = _preferences(first, issues, ids, str(profile_a))
    npc_prefs = _preferences(second, issues, ids, str(profile_b))
    if not keep_discount:
        player_prefs["discount"] = npc_prefs["discount"] = 1.0
    domain_name = re.sub(r"[_-]?domain$", "", domain.stem, flags=re.I) or domain.stem
    first = _renamed(first, domain_name)
    second = _renamed(second, domain_name)
    identifier = level_id or _slug(f"genius-{domain_name}", set())
    names = ", ".join(i.name for i in issues)
    return {
        "$schema": "level.schema.json",
        "schema_version": 1,
        "id": identifier[:40],
        "version": 1,
        "title": f"{domain_name} (research domain)"[:80],
        "chapter": 99,
        "order": 1,
        "kind": "integrative" if len(issues) > 1 else "distributive",
        "summary": f"A published negotiation domain: {names}."[:400],
        "briefing": (
            f"This level comes from the research domain '{domain_name}'. You negotiate {names} "
            f"with {second.name}. Your priorities are shown as bars; the other side's are hidden. "
            "Ask questions, watch which issues it holds on, and trade what matters little to you "
            "for what matters a lot."
        )[:1500],
        "teaching_points": [
            "Issues rarely matter equally to both sides: find the ones you can trade.",
            "A deal on the Pareto frontier leaves no value on the table.",
        ],
        "debrief_notes": (
            "Compare your deal with the Nash point on the chart: the closer you are to the frontier, "
            "the less value you both left behind."
        ),
        "issues": issue_models,
        "player": {
            "role": first.name[:400] or "you",
            "preferences": player_prefs,
            "batna": "Walking away leaves you with your reservation value.",
        },
        "npcs": [
            {
                "id": "opponent",
                "name": second.name[:40] or "Opponent",
                "role": "the other side",
                "portrait": "supplier",
                "preferences": npc_prefs,
                "strategy": {"kind": strategy},
            }
        ],
        "rules": {"deadline_rounds": deadline},
        "objectives": [
            {
                "id": "deal",
                "text": "Reach an agreement that beats walking away.",
                "kind": "beats_batna",
                "stars": 1,
            },
            {
                "id": "frontier",
                "text": "Leave no value on the table (a Pareto-optimal deal).",
                "kind": "on_frontier",
                "stars": 3,
            },
        ],
        "scoring": {"measure": "player_utility", "stars": [0.0, 0.0, 0.0]},
    }


def with_star_thresholds(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Return the level with star thresholds set from its analysis (Nash point as three stars)."""
    import json

    from game.levels.loader import load_level_bytes

    level = load_level_bytes(json.dumps(data).encode(), source, check_reachability=False)
    analysis = level.analysis
    reservation = float(analysis.reserved[0])
    nash = analysis.nash
    if nash is None:
        stars = [reservation, reservation, reservation]
    else:
        target = nash.utilities[0]
        stars = [max(reservation, 0.7 * target), max(reservation, 0.9 * target), target]
    data = dict(data)
    data["scoring"] = {
        "measure": "player_utility",
        "stars": [float(f"{s:.3f}") - (0.001 if i == 2 else 0) for i, s in enumerate(stars)],
    }
    data["scoring"]["stars"] = sorted(max(0.0, s) for s in data["scoring"]["stars"])
    return data
