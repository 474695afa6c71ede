"""Turn a GENIUS / ANAC domain and two utility profiles into a playable level.

GENIUS utility: ``sum_i w_i * eval_i(value) / max eval_i`` with weights normalised to sum 1,
which is exactly the engine's additive model.  The XML is untrusted input: it is parsed
with defusedxml (no entity expansion, no external references).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from game.levels.problems import LevelError, Problem

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
    """One party's utility space: weights and evaluations by issue index."""

    name: str
    weights: dict[str, float]
    evaluations: dict[str, dict[str, float]]
    linear: dict[str, tuple[float, float]]  # issue index -> (slope, offset)
    reservation: float
    discount: float


def _read(path: Path) -> Element:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise LevelError(
            source, [Problem("(file)", f"cannot read the file: {error.strerror}")]
        ) from None
    if size > MAX_XML_BYTES:
        raise LevelError(
            source, [Problem("(file)", f"the file is {size:,} bytes; at most {MAX_XML_BYTES:,}")]
        )
    try:
        return SafeTree.parse(str(path)).getroot()
    except DefusedXmlException as error:
        raise LevelError(
            source,
            [
                Problem(
                    "(file)",
                    f"refused unsafe XML ({type(error).__name__}): entities and external references are not allowed",
                )
            ],
        ) from None
    except SafeTree.ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        raise LevelError(
            source, [Problem(f"line {line} column {column + 1}", f"not well-formed XML: {error}")]
        ) from None


def _issue_elements(root: Element) -> list[Element]:
    return [e for e in root.iter("issue")]


def read_domain(path: Path) -> list[GeniusIssue]:
    """Return the issues of a GENIUS domain file."""
    root = _read(path)
    issues = []
    for position, element in enumerate(_issue_elements(root)):
        where = f"issue[{position}]"
        name = (element.get("name") or "").strip()
        index = element.get("index") or str(position + 1)
        kind = (element.get("type") or element.get("etype") or "discrete").lower()
        if not name:
            raise LevelError(str(path), [Problem(where, "an issue has no name")])
        if kind == "discrete":
            options = tuple((item.get("value") or "").strip() for item in element.findall("item"))
            if not options or any(not o for o in options):
                raise LevelError(str(path), [Problem(where, f"issue {name!r} has no usable items")])
            issues.append(GeniusIssue(index, name, "discrete", options))
        elif kind in ("integer", "real"):
            try:
                low = float(element.get("lowerbound", element.get("lowerBound", "")))
                high = float(element.get("upperbound", element.get("upperBound", "")))
            except ValueError:
                raise LevelError(
                    str(path),
                    [Problem(where, f"issue {name!r} needs numeric lowerbound and upperbound")],
                ) from None
            issues.append(GeniusIssue(index, name, kind, (), low, high))
        else:
            raise LevelError(
                str(path),
                [Problem(where, f"issue type {kind!r} is not supported (discrete, integer, real)")],
            )
    if not issues:
        raise LevelError(str(path), [Problem("(root)", "the domain declares no issues")])
    return issues


def read_profile(path: Path) -> GeniusProfile:
    """Return the weights, evaluations, reservation value and discount of a GENIUS profile."""
    root = _read(path)
    source = str(path)
    weights: dict[str, float] = {}
    for element in root.iter("weight"):
        try:
            weights[element.get("index", "")] = float(element.get("value", ""))
        except ValueError:
            raise LevelError(
                source, [Problem(f"weight[{element.get('index')}]", "the weight is not a number")]
            ) from None
    evaluations: dict[str, dict[str, float]] = {}
    linear: dict[str, tuple[float, float]] = {}
    for element in _issue_elements(root):
        index = element.get("index", "")
        items = {}
        for item in element.findall("item"):
            try:
                items[(item.get("value") or "").strip()] = float(item.get("evaluation", "0"))
            except ValueError:
                raise LevelError(
                    source,
                    [
                        Problem(
                            f"issue[{index}]",
                            f"evaluation of {item.get('value')!r} is not a number",
                        )
                    ],
                ) from None
        if items:
            evaluations[index] = items
        evaluator = element.find("evaluator")
        if evaluator is not None:
            try:
                linear[index] = (
                    float(evaluator.get("slope", "0")),
                    float(evaluator.get("offset", "0")),
                )
            except ValueError:
                raise LevelError(
                    source,
                    [Problem(f"issue[{index}].evaluator", "slope and offset must be numbers")],
                ) from None
    reservation = 0.0
    node = root.find(".//reservation")
    if node is not None:
        try:
            reservation = float(node.get("value", "0"))
        except ValueError:
            raise LevelError(
                source, [Problem("reservation", "the value is not a number")]
            ) from None
    discount = 1.0
    node = root.find(".//discount_factor")
    if node is not None:
        try:
            discount = float(node.get("value", "1"))
        except ValueError:
            raise LevelError(
                source, [Problem("discount_factor", "the value is not a number")]
            ) from None
    if not 0 <= reservation <= 1:
        raise LevelError(source, [Problem("reservation", f"{reservation} is outside [0, 1]")])
    if not 0 < discount <= 1:
        discount = 1.0
    return GeniusProfile(path.stem, weights, evaluations, linear, reservation, discount)


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
        weight = profile.weights.get(issue.index)
        if weight is None:
            raise LevelError(
                source, [Problem(f"weight[{issue.index}]", f"no weight for issue {issue.name!r}")]
            )
        if weight < 0:
            raise LevelError(
                source, [Problem(f"weight[{issue.index}]", "weights must not be negative")]
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
                            f"issue[{issue.index}]",
                            f"items not in the domain: {', '.join(unknown)}",
                        )
                    ],
                )
            if any(s < 0 for s in scores.values()):
                raise LevelError(
                    source, [Problem(f"issue[{issue.index}]", "evaluations must not be negative")]
                )
            values[issue_id] = {
                "kind": "options",
                "scores": {o: scores.get(o, 0.0) for o in issue.options},
            }
        else:
            slope, offset = profile.linear.get(issue.index, (1.0, 0.0))
            low_value = max(slope * issue.low + offset, 0.0)
            high_value = max(slope * issue.high + offset, 0.0)
            values[issue_id] = {
                "kind": "table",
                "points": [[issue.low, low_value], [issue.high, high_value]],
            }
    if sum(weights.values()) <= 0:
        raise LevelError(source, [Problem("weights", "all weights are zero")])
    return {
        "weights": weights,
        "values": values,
        "reservation": profile.reservation,
        "discount": profile.discount,
    }


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
