"""Claims an NPC makes that may not be true, and the player's ways of testing them.

A level's character may carry ``misrepresentations`` (:class:`game.npc.spec.Misrepresentation`):
a better alternative than it has ("someone else is coming to see her at three"), an offer
called final while it still has room, an issue made to sound like its top priority.
Whether each claim is a bluff is drawn once per meeting (``bluff_chance``, seeded by the
match); a true claim is kept: a real alternative or a real last word sets the NPC's
:attr:`~game.npc.brain.NpcBrain.floor`, so it will not settle below it.

The player tests a claim with three talk moves (:data:`game.engine.PROBE_KINDS`):

* ``ask_proof`` -- a true claim is backed (it shows what it has), a bluff wavers;
* ``call_bluff`` -- a bluff called is dropped and the NPC gives up ``concede`` (it lost its
  leverage); calling a true claim a bluff costs trust and rapport (``accused_wrongly``);
* ``point_contradiction`` -- legal only once the NPC's own offers contradicted the claim
  (it went below its "final" offer, or below the alternative it claimed): a bluff caught.

Citing a benchmark card on the claim's issue also counts against a standing alternative
that is a bluff: the claim is dropped (the card moves the NPC as any card does).  :func:`claims_report` tells the debrief what was true.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from game.engine import Move, MoveKind
from game.engine.phrases import N_
from game.npc.refusals import CLAIM_NOT_TESTED, NO_CLAIM, NOT_CONTRADICTED

if TYPE_CHECKING:
    from game.npc.controller import NpcController, Reaction
    from game.npc.match import EvidenceCard, Match
    from game.npc.spec import Misrepresentation

CLAIM_EVENTS = (
    "claim_batna",
    "claim_final",
    "claim_priority",
    "claim_backed",
    "claim_wavered",
    "proof_again",
    "bluff_called",
    "bluff_benchmarked",
    "accused_wrongly",
    "contradiction_owned",
)
"""Dialogue events of claims and probes (lines in ``game/npc/lines/claims.json``)."""

STILL = 0.005
"""An offer worth this much less to it than the claim allows contradicts the claim."""
ACCUSED_ROOM = 0.5
"""A true claim called a bluff: the share of its room above the claim it takes back."""
PRIORITY_BOOST = 0.15
"""How much heavier than its real top issue an exaggerated issue is said to be."""


@dataclass
class Claim:
    """One misrepresentation in one meeting: whether it is a bluff and what became of it."""

    spec: Misrepresentation
    bluff: bool
    worth: float | None = None
    """batna: what the claimed alternative would be worth to the NPC."""
    made_round: int | None = None
    held: float | None = None
    """final: what the offer it called final was worth to it."""
    contradicted: bool = False
    probed: str | None = None
    """``backed`` or ``wavered`` once the player asked for proof."""
    outcome: str = "unsaid"
    """``unsaid``, ``standing``, ``called`` (a bluff caught), ``caught`` (by a contradiction),
    ``benchmarked`` (undercut by a card)."""
    accused: int = 0
    """How often the player called it a bluff while it was true."""

    @property
    def standing(self) -> bool:
        """Return True when it was said and still stands (not caught)."""
        return self.outcome == "standing"


class ClaimBook:
    """An NPC's claims in one match: when to make them, and how it answers a probe."""

    def __init__(self, controller: NpcController) -> None:
        self.controller = controller
        match = controller.match
        brain = controller.brain
        self.claims: list[Claim] = []
        for spec in getattr(controller.seat.spec, "misrepresentations", ()):
            if spec.kind == "priority":
                issue = spec.issue or controller._ranking[0]
                bluff = issue != controller._ranking[0]
            else:
                draw = random.Random(f"{match.seed}:{controller.id}:{spec.id}:bluff").random()
                bluff = draw < spec.bluff_chance
            claim = Claim(spec, bluff)
            if spec.kind == "batna":
                worth = spec.worth if spec.worth is not None else brain.reservation + 0.15
                claim.worth = min(float(worth), brain.table.best)
                if not bluff:  # a real alternative: it will not settle for less
                    brain.floor = max(brain.floor, claim.worth)
            self.claims.append(claim)

    # ----------------------------------------------------------------- reading
    def open_claims(self) -> list[Claim]:
        """Return the claims said and still standing, latest last."""
        return [c for c in self.claims if c.standing]

    def find(self, claim_id: Any) -> Claim | None:
        """Return the standing claim ``claim_id`` (the latest standing one when None)."""
        standing = self.open_claims()
        if claim_id is None:
            return standing[-1] if standing else None
        return next((c for c in standing if c.spec.id == claim_id), None)

    def talked_up(self, outcomes: tuple[str, ...] = ("unsaid", "standing")) -> str | None:
        """Return the issue a priority bluff talks up while it is to be made or still stands
        (None when there is none): until it is caught, the character keeps its story
        straight and states its priorities with that issue first.  ``outcomes``: only a
        bluff in one of these (``("unsaid",)``: one still to be made)."""
        for claim in self.claims:
            if claim.bluff and claim.spec.kind == "priority" and claim.outcome in outcomes:
                return claim.spec.issue or self.controller._ranking[0]
        return None

    def contradicted(self) -> list[Claim]:
        """Return standing claims its own offers have contradicted."""
        return [c for c in self.open_claims() if c.contradicted]

    # ----------------------------------------------------------------- making claims
    def _words(self, claim: Claim) -> dict[str, Any]:
        controller = self.controller
        space = controller.match.negotiation.space
        spec = claim.spec
        words: dict[str, Any] = {"claim": spec.kind}  # its lines answer the kind of claim
        if spec.kind == "priority":
            issue_id = spec.issue or controller._ranking[0]
            words["issue"] = controller._names.get(issue_id)
        elif spec.kind == "batna":
            issue = space.issues[space.position(spec.issue)] if spec.issue else None
            issue = issue or controller._figure_issue
            words["issue"] = controller._names.get(issue.id)
            if spec.value is not None:
                shown = controller.value_words(issue.id, spec.value)  # the match's language
                english = issue.format(spec.value) if issue.numeric else str(spec.value)
                words["value"] = shown if shown is not None else english
        if spec.proof:
            words["proof"] = spec.proof
        return words

    def _say_claim(self, claim: Claim, reaction: Reaction) -> None:
        controller = self.controller
        spec = claim.spec
        words = self._words(claim)
        if spec.says:
            from game.npc.dialogue import Said, fill

            context = controller._context(dict(words))
            reaction.lines.append(Said(controller.id, fill(spec.says, context), "neutral"))
        else:
            controller.say(f"claim_{spec.kind}", reaction, **words)

    def after_offer(self, reaction: Reaction, utility: float) -> None:
        """It has just tabled an offer worth ``utility`` to it: note contradictions, then
        make the claims that are due."""
        for claim in self.open_claims():
            if not claim.bluff:
                continue
            limit = claim.held if claim.spec.kind == "final" else claim.worth
            if limit is not None and utility < limit - STILL:
                claim.contradicted = True
        brain = self.controller.brain
        for claim in self.claims:
            if claim.outcome != "unsaid" or brain.time < claim.spec.at - 1e-9:
                continue
            self._make(claim, reaction, utility)

    def _make(self, claim: Claim, reaction: Reaction, utility: float) -> None:
        controller = self.controller
        match = controller.match
        spec = claim.spec
        claim.outcome = "standing"
        claim.made_round = match.session.state.round
        meta: dict[str, Any] = {"claim": spec.id, "about": spec.kind}
        move = Move(MoveKind.CLAIM, controller.id, target=match.player_id, meta=meta)
        if spec.kind == "batna":
            move = Move(
                MoveKind.CLAIM, controller.id, claim=claim.worth, target=match.player_id, meta=meta
            )
        elif spec.kind == "final":
            claim.held = utility
            if not claim.bluff:  # a real last word: it holds there
                controller.brain.floor = max(controller.brain.floor, utility)
        else:
            issue = spec.issue or controller._ranking[0]
            move = Move(
                MoveKind.CLAIM,
                controller.id,
                issue=issue,
                priorities=exaggerated(controller.own_priorities(), issue),
                target=match.player_id,
                meta=meta,
            )
        reaction.moves.append(move)
        self._say_claim(claim, reaction)

    # ----------------------------------------------------------------- probes
    def hear(self, move: Move, reaction: Reaction) -> None:
        """Answer a probe (ask for proof, call a bluff, point out a contradiction)."""
        claim = self.find(move.meta.get("claim"))
        if move.kind is MoveKind.POINT_CONTRADICTION:
            contradicted = self.contradicted()
            if claim not in contradicted:
                claim = contradicted[-1] if contradicted else None
        if claim is None:
            if move.target == self.controller.id:  # asked of it, and it claimed nothing
                self.controller.say("answer_closed", reaction)
            return
        if move.kind is MoveKind.ASK_PROOF:
            self._proof(claim, reaction)
        elif move.kind is MoveKind.CALL_BLUFF:
            self._called(claim, reaction)
        elif move.kind is MoveKind.POINT_CONTRADICTION:
            self._drop(claim, "caught", "contradiction_owned", reaction)

    def _proof(self, claim: Claim, reaction: Reaction) -> None:
        controller = self.controller
        words = self._words(claim)
        if claim.probed is not None:
            controller.say("proof_again", reaction, **words)
            return
        claim.probed = "wavered" if claim.bluff else "backed"
        meta = {"claim": claim.spec.id, "about": claim.spec.kind, "answer": claim.probed}
        reaction.moves.append(
            Move(MoveKind.CLAIM, controller.id, target=controller.match.player_id, meta=meta)
        )
        if claim.probed == "backed" and claim.spec.proof:
            from game.npc.dialogue import Said, fill

            context = controller._context(dict(words))
            reaction.lines.append(Said(controller.id, fill(claim.spec.proof, context), "neutral"))
        else:
            controller.say(f"claim_{claim.probed}", reaction, **words)
        controller.brain.fire("heard")

    def _called(self, claim: Claim, reaction: Reaction) -> None:
        controller = self.controller
        if claim.bluff:
            self._drop(claim, "called", "bluff_called", reaction)
            return
        claim.accused += 1
        controller._apply("accused_wrongly", reaction)
        brain = controller.brain
        if brain.floor > 0:
            # insulted, it holds out for more than its true claim: at least `concede` more,
            # and half the room it still had above the claim
            room = max(brain.target() - brain.floor, 0.0)
            raised = brain.floor + max(claim.spec.concede, ACCUSED_ROOM * room)
            brain.floor = min(brain.table.best, raised)
        else:
            brain.soften(-claim.spec.concede)
        controller.say("accused_wrongly", reaction, **self._words(claim))
        controller.brain.offend()

    def _drop(
        self, claim: Claim, outcome: str, key: str, reaction: Reaction, *, concede: bool = True
    ) -> None:
        """A bluff caught: the claim is dropped and (``concede``) it gives up what the claim
        was holding."""
        controller = self.controller
        claim.outcome = outcome
        controller._apply("bluff_called", reaction)
        if concede:
            controller.brain.soften(claim.spec.concede)
        controller.say(key, reaction, **self._words(claim))
        if claim.spec.kind == "priority":
            reaction.moves.append(
                Move(
                    MoveKind.STATE_PRIORITIES,
                    controller.id,
                    priorities=controller.own_priorities(),
                    target=controller.match.player_id,
                )
            )
        controller.brain.fire("heard")

    def benchmark(self, card: EvidenceCard, reaction: Reaction) -> bool:
        """A card was cited: it undercuts a standing claimed alternative on its issue that is
        a bluff (return True then)."""
        if card.benchmark is None:
            return False
        for claim in reversed(self.open_claims()):
            spec = claim.spec
            if spec.kind != "batna" or not claim.bluff:
                continue
            issue = spec.issue or self.controller._figure_issue.id
            if card.issue in (None, issue):
                # the card moves it as any card does; the claim is dropped with it
                self._drop(claim, "benchmarked", "bluff_benchmarked", reaction, concede=False)
                return True
        return False


def exaggerated(true: dict[str, float], issue: str) -> dict[str, float]:
    """Return stated weights with ``issue`` made the heaviest by :data:`PRIORITY_BOOST`."""
    top = max(true.values(), default=0.0)
    said = dict(true)
    said[issue] = top + PRIORITY_BOOST
    total = sum(said.values()) or 1.0
    return {name: round(weight / total, 3) for name, weight in said.items()}


def probe_refusal(match: Match, kind: MoveKind) -> str | None:
    """Return why a probe is not possible now (None when it is)."""
    books = [c.claims for c in match.controllers.values()]
    if kind is MoveKind.CLAIM:
        return CLAIM_NOT_TESTED
    if not any(book.open_claims() for book in books):
        return NO_CLAIM
    if kind is MoveKind.POINT_CONTRADICTION and not any(book.contradicted() for book in books):
        return NOT_CONTRADICTED
    return None


def claims_report(match: Match) -> list[dict[str, Any]]:
    """Return, for the debrief, every claim made: what was said, what was true, what the
    player did about it (``called``, ``accused`` when true, ``believed`` when a bluff stood
    at the deal, ``let stand``)."""
    from game.engine import Status

    agreed = match.session.state.status is Status.AGREED
    rows = []
    for npc_id, controller in match.controllers.items():
        for claim in controller.claims.claims:
            if claim.outcome == "unsaid":
                continue
            spec = claim.spec
            words = controller.claims._words(claim)
            if claim.outcome != "standing":
                response = "called"
            elif claim.accused:
                response = "accused"
            elif claim.bluff and agreed:
                response = "believed"
            else:
                response = "let stand"
            rows.append(
                {
                    "npc": npc_id,
                    "name": controller.name,
                    "id": spec.id,
                    "kind": spec.kind,
                    "round": claim.made_round,
                    "value": words.get("value"),
                    "issue": str(words["issue"]) if words.get("issue") else None,
                    "bluff": claim.bluff,
                    "truth": spec.truth if claim.bluff else None,
                    "probed": claim.probed,
                    "contradicted": claim.contradicted,
                    "outcome": claim.outcome,
                    "accused": claim.accused,
                    "response": response,
                }
            )
    return rows


def claim_truth(row: Mapping[str, Any], *, detail: bool = True) -> str:
    """Return what was true about a claim (the notes and the debrief): one sentence, and
    with ``detail`` the level's account of what was really so."""
    name = row["name"]
    kind = row["kind"]
    if kind == "batna":
        what = f"{name}'s other offer" + (f" at {row['value']}" if row.get("value") else "")
    elif kind == "final":
        what = f'{name}\'s "final" offer'
    else:
        what = f"{name}'s claim that {row.get('issue') or 'one issue'} mattered most"
    if row["bluff"]:
        truth = f" {row['truth']}" if row.get("truth") and detail else ""
        verdict = {
            "called": "was a bluff, and you called it.",
            "believed": "was a bluff, and it stood when you agreed.",
            "let stand": "was a bluff.",
            "accused": "was a bluff.",
        }[row["response"]]
        return f"{what} {verdict}{truth}"
    tail = " You called it a bluff, and that cost you." if row["accused"] else ""
    return f"{what} was true.{tail}"


CLAIMS_OFFER = N_("{name} claims another offer")
CLAIMS_OFFER_AT = N_("{name} claims another offer at {value}")
CALLED_FINAL = N_("{name} called an offer final")
SAYS_MOST = N_("{name} says {issue} matters most")
SAYS_ONE_ISSUE = N_("{name} says one issue matters most")
CLAIMS: tuple[str, ...] = (CLAIMS_OFFER, CLAIMS_OFFER_AT, CALLED_FINAL, SAYS_MOST, SAYS_ONE_ISSUE)
"""What a character claimed, in the player's notes (fills the ``{claim}`` of a note)."""
# Translators: {claim} is one of the sentences above ("Viktor claims another offer").
STANDING = N_("{claim}.")
DROPPED = N_("{claim}: a bluff, and dropped.")
ACCUSED = N_("{claim}: you called it a bluff.")
BACKED = N_("{claim}: shown proof.")
WAVERED = N_("{claim}: wavered when asked for proof.")
CONTRADICTED = N_("{claim}, then contradicted it.")
CLAIM_NOTES: tuple[str, ...] = (DROPPED, ACCUSED, BACKED, WAVERED, CONTRADICTED, STANDING)
"""The player's notes on a claim while the talks go on, as English templates (a screen
translates a note by finding its template here; see :mod:`game.engine.phrases`)."""


def claim_notes(match: Match) -> list[str]:
    """Return the player's notes on the claims made: what was said and what the player
    learnt while the talks go on; once they are over, what was true."""
    notes = []
    for row in claims_report(match):
        if match.finished:
            notes.append(claim_truth(row, detail=False))  # the debrief tells the rest
            continue
        name = row["name"]
        if row["kind"] == "batna":
            said = (
                CLAIMS_OFFER_AT.format(name=name, value=row["value"])
                if row["value"]
                else CLAIMS_OFFER.format(name=name)
            )
        elif row["kind"] == "final":
            said = CALLED_FINAL.format(name=name)
        elif row["issue"]:
            said = SAYS_MOST.format(name=name, issue=row["issue"])
        else:
            said = SAYS_ONE_ISSUE.format(name=name)
        if row["outcome"] != "standing":
            note = DROPPED
        elif row["accused"]:
            note = ACCUSED
        elif row["probed"] == "backed":
            note = BACKED
        elif row["probed"] == "wavered":
            note = WAVERED
        elif row["contradicted"]:
            note = CONTRADICTED
        else:
            note = STANDING
        notes.append(note.format(claim=said))
    return notes
