"""The table's keys, and the choosers behind its move buttons.

:data:`TABLE_KEYS` is the one list of the table's own keys (accept, reject, tabs, help...):
the key dispatch (:func:`binding_for`) and the help page (:func:`help_keys`) both read it,
with the move buttons' own keys (``MoveSpec.shortcut``), so what F1 lists is what the keys
do.  Every move has a key (:func:`missing_keys`) and no two share one (:func:`clashes`).

:class:`MoveChoosers` opens the overlay a move needs (see ``choice``), builds the
engine ``Move`` from the choice, shows the player's words for each option before it is
chosen, and plays it.  It sees the table only through :class:`ChooserHost` (what it reads,
``play`` and ``open``), and the keys only through :class:`KeyHost`; the table scene
provides both.  It holds no rules: what a move does and whether it is allowed is the
match's business.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import pygame

from game.engine import EMOTIONS, PLAYER, PREFERENCE_OVER, Move, MoveKind
from game.i18n import N_, ngettext, tr
from game.levels.text import level_text
from game.npc.wording import agree
from game.ui.reasons import remembered_words
from game.ui.scenes.dialogs import ConfirmScene
from game.ui.table.choice import Choice, ChoiceScene, WeightsScene
from game.ui.table.words import EMOTION_WORDS, priorities_words
from game.ui.widgets.gauge import format_utility
from game.ui.widgets.move_menu import MoveSpec, reason_text

if TYPE_CHECKING:
    from game.engine import Negotiation
    from game.levels.loader import LoadedLevel
    from game.npc.match import Match, TurnReport
    from game.ui.scene import Scene

__all__ = [
    "ChooserHost",
    "KeyHost",
    "MoveChoosers",
    "exaggerated",
    "PLAYER",
    "TableKey",
    "TABLE_KEYS",
    "binding_for",
    "clashes",
    "help_keys",
    "key_name",
    "missing_keys",
]

_R = TypeVar("_R")

EXAGGERATED_WEIGHT = 0.6
BLUFF_STEP = 0.15


_CLAIM_TITLES = {
    "batna": N_("{name}'s other offer"),
    "final": N_("{name}'s \u201cfinal\u201d offer"),
    "priority": N_("what {name} says matters most"),
}
_PROBE_CHOICES = {
    MoveKind.ASK_PROOF: (N_("Ask for proof"), N_("A true claim is backed; a bluff wavers")),
    MoveKind.CALL_BLUFF: (
        N_("Call it a bluff"),
        N_("A bluff is dropped and they give ground; a true claim called a bluff costs trust"),
    ),
    MoveKind.POINT_CONTRADICTION: (
        N_("Point out the contradiction"),
        N_("Their own offers went against what they claimed"),
    ),
}


def exaggerated(true: dict[str, float], issue_id: str) -> dict[str, float]:
    """Return priorities that claim ``issue_id`` matters most (the others keep their order)."""
    rest = sum(w for i, w in true.items() if i != issue_id) or 1.0
    return {
        i: (EXAGGERATED_WEIGHT if i == issue_id else round((1 - EXAGGERATED_WEIGHT) * w / rest, 3))
        for i, w in true.items()
    }


# ----------------------------------------------------------------------------- keys


class KeyHost(Protocol):
    """What the table's own keys do, as the table offers it (the table scene provides it)."""

    def open_help(self) -> None:
        """Open the page of keys and moves."""

    def scroll_talk(self, event: pygame.event.Event) -> None:
        """Scroll the conversation (PageUp / PageDown)."""

    def continue_to_debrief(self) -> None:
        """Go on to the debrief of the finished talks."""

    def show_tab(self, tab: str) -> bool:
        """Show the tab ``tab`` of a narrow layout; False when there are no tabs."""
        ...

    def press_card(self, key: str) -> None:
        """Press a button of the table card ("primary" answers the offer on the table)."""

    def press_propose(self) -> None:
        """Press Propose."""


KeyAction = Callable[[KeyHost, pygame.event.Event, str], bool]
"""What a key does: ``run(table, event, key name)``, True when the key was used."""


def _help(table: KeyHost, event: pygame.event.Event, name: str) -> bool:
    table.open_help()
    return True


def _scroll(table: KeyHost, event: pygame.event.Event, name: str) -> bool:
    table.scroll_talk(event)
    return True


def _continue(table: KeyHost, event: pygame.event.Event, name: str) -> bool:
    table.continue_to_debrief()
    return True


def _tab(table: KeyHost, event: pygame.event.Event, name: str) -> bool:
    return table.show_tab({"1": "talk", "2": "offer", "3": "moves"}[name])


def _card(key: str) -> KeyAction:
    def press(table: KeyHost, event: pygame.event.Event, name: str) -> bool:
        table.press_card(key)
        return True

    return press


def _propose(table: KeyHost, event: pygame.event.Event, name: str) -> bool:
    table.press_propose()
    return True


@dataclass(frozen=True)
class TableKey:
    """One of the table's own keys: what the help page says and what pressing it does."""

    keys: str
    """As the help page shows it ("A", "1 / 2 / 3", "Tab / Shift+Tab")."""
    what: str
    """What it does; ``{accept}`` and ``{reject}`` read "support" / "oppose" with several parties."""
    names: tuple[str, ...] = ()
    """The key names (:func:`key_name`) it answers; none: the focused control handles it."""
    run: KeyAction | None = None
    when: str = "talks"
    """``talks`` (while negotiating), ``after`` (once the talks are over) or ``always``."""


TABLE_KEYS: tuple[TableKey, ...] = (
    TableKey(N_("Tab / Shift+Tab"), N_("move between controls")),
    TableKey(N_("Enter / Space"), N_("press the focused button or tick the box")),
    TableKey(
        N_("Left / Right, Up / Down"),
        N_("move a slider or change an option; on a button, move to the control that way"),
    ),
    TableKey(N_("Shift + arrow"), N_("a bigger step on a slider")),
    TableKey(N_("Home / End"), N_("first or last value")),
    TableKey(
        N_("PageUp / PageDown"),
        N_("scroll the conversation"),
        ("PAGE UP", "PAGE DOWN"),
        _scroll,
        "always",
    ),
    TableKey("A", N_("{accept} the offer on the table"), ("A",), _card("primary")),
    TableKey("R", N_("{reject} the offer on the table"), ("R",), _card("reject")),
    TableKey("C", N_("copy the package shown into your offer"), ("C",), _card("copy")),
    TableKey("P", N_("propose your offer"), ("P",), _propose),
    TableKey("1 / 2 / 3", N_("switch tabs when the window is narrow"), ("1", "2", "3"), _tab),
    TableKey(
        N_("Enter, after the talks"), N_("see how you did"), ("RETURN", "ENTER"), _continue, "after"
    ),
    TableKey("F1 / ?", N_("this page: every key and move"), ("F1", "?"), _help, "always"),
    TableKey(N_("Esc"), N_("pause menu")),
)
"""The table's own keys, in the order the help page lists them (the moves' keys follow)."""


def key_name(key: int, mod: int = 0) -> str:
    """Return a key's name as the tables use it: pygame's name in capitals, "?" for Shift+/."""
    if key == pygame.K_SLASH and mod & pygame.KMOD_SHIFT:
        return "?"
    return pygame.key.name(key).upper()


def binding_for(name: str, specs: Sequence[MoveSpec], *, over: bool) -> TableKey | MoveSpec | None:
    """Return what the key ``name`` does at a table offering ``specs`` (None: nothing).

    ``over``: the talks have ended (then only the keys marked ``after`` or ``always`` act).
    """
    for binding in TABLE_KEYS:
        if name in binding.names and binding.when in ("always", "after" if over else "talks"):
            return binding
    if over:
        return None
    for spec in specs:
        if spec.shortcut and spec.shortcut == name:
            return spec
    return None


def help_keys(multiparty: bool) -> list[tuple[str, str]]:
    """Return the help page's list of the table's own keys: ``(keys, what they do)``."""
    words = {
        "accept": tr("support") if multiparty else tr("accept"),
        "reject": tr("oppose") if multiparty else tr("reject"),
    }
    return [(tr(binding.keys), tr(binding.what).format(**words)) for binding in TABLE_KEYS]


def missing_keys(specs: Sequence[MoveSpec]) -> list[str]:
    """Return the labels of moves without a key (there should be none)."""
    return [spec.label for spec in specs if not spec.shortcut]


def clashes(specs: Sequence[MoveSpec]) -> list[str]:
    """Return every key name used twice among the table's keys and the moves' keys."""
    seen: dict[str, int] = {}
    for binding in TABLE_KEYS:
        for name in binding.names:
            if binding.when != "after":
                seen[name] = seen.get(name, 0) + 1
    for spec in specs:
        if spec.shortcut:
            seen[spec.shortcut] = seen.get(spec.shortcut, 0) + 1
    return sorted(name for name, count in seen.items() if count > 1)


class ChooserHost(Protocol):
    """What the move choosers use of the table (the table scene provides it).

    They read the facts below, open an overlay and receive its result (``open``, see
    ``game.ui.scene.Scene.open``), and play the move chosen (``play``).
    """

    @property
    def level(self) -> LoadedLevel:
        """The level played: its issues' descriptions, the player's alternative in words."""
        ...

    @property
    def negotiation(self) -> Negotiation:
        """The issues and the player's preferences."""
        ...

    @property
    def target(self) -> str | None:
        """The party the player's moves address (None: the whole table)."""
        ...

    @property
    def let_go(self) -> Set[str]:
        """The grievance cards the player let go of."""
        ...

    def live_match(self) -> Match:
        """The match, to read: evidence cards, grievances, the claims that stand."""
        ...

    def legal(self) -> dict[MoveKind, str | None]:
        """The moves that can be made now (None) and why the others cannot."""
        ...

    def npc_ids(self) -> list[str]:
        """The NPC parties at the table."""
        ...

    def name_of(self, party_id: str | None) -> str:
        """A party's name ("You" for the player)."""
        ...

    def issue_names(self) -> dict[str, str]:
        """{issue id: issue name}."""
        ...

    def line_for(self, move: Move, **extra: Any) -> str:
        """What the player says for ``move``."""
        ...

    def play(self, move: Move, *, say: str | None = None) -> TurnReport | None:
        """Make the move (``say``: the words shown for it)."""
        ...

    def open(self, overlay: Scene[_R], then: Callable[[_R], object] | None = None) -> None:
        """Open ``overlay`` over the table; ``then`` receives its result once it closed."""

    def show_toast(self, text: str, kind: str = "warning") -> None:
        """Show a short note for a few seconds."""


class MoveChoosers:
    """Opens the chooser of a move that needs details, then plays the move."""

    def __init__(self, host: ChooserHost) -> None:
        self.host = host

    def _choose(self, overlay: ChoiceScene, chosen: Callable[[str], object]) -> None:
        """Open ``overlay``; ``chosen(key)`` once a choice is made (nothing on Cancel)."""

        def receive(key: str | None) -> None:
            if key is not None:
                chosen(key)

        self.host.open(overlay, receive)

    def _weigh(self, overlay: WeightsScene, send: Callable[[dict[str, float]], object]) -> None:
        """Open ``overlay``; ``send(weights)`` once sent (nothing on Cancel)."""

        def receive(weights: dict[str, float] | None) -> None:
            if weights is not None:
                send(weights)

        self.host.open(overlay, receive)

    def _confirm(self, overlay: ConfirmScene, confirmed: Callable[[], object]) -> None:
        """Open ``overlay``; ``confirmed()`` once confirmed (nothing on Cancel)."""

        def receive(yes: bool) -> None:
            if yes:
                confirmed()

        self.host.open(overlay, receive)

    def open(self, spec: MoveSpec) -> bool:
        """Open the chooser for ``spec``; return False when the move has none."""
        opener = {
            "ask_issue": self.choose_ask_issue,
            "ask_why": self.choose_ask_why,
            "share": self.choose_share,
            "prefer": self.choose_prefer,
            "ask_pair": self.choose_ask_pair,
            "ask_favour": self.choose_ask_favour,
            "grant_favour": self.choose_grant_favour,
            "cite": self.choose_cite,
            "probe": self.choose_probe,
            "emotion": self.choose_emotion,
            "threaten": self.choose_threaten,
            "acknowledge": self.choose_acknowledge,
            "shared_account": self.choose_shared_account,
            "let_go": self.choose_let_go,
            "raise": self.choose_raise,
            "restate": self.choose_restate,
            "walk": self.choose_walk,
        }.get(spec.key)
        if opener is None:
            return False
        opener(spec)
        return True

    def choose_ask_issue(self, spec: MoveSpec) -> None:
        models = {issue.id: issue for issue in self.host.level.model.issues}
        choices = []
        for issue in self.host.negotiation.space.issues:
            move = Move(spec.kind, PLAYER, issue=issue.id, target=self.host.target)
            choices.append(
                Choice(
                    issue.id,
                    issue.name,
                    getattr(models.get(issue.id), "description", ""),
                    self.host.line_for(move),
                )
            )
        self._choose(
            ChoiceScene(
                tr("Ask about an issue"),
                tr("Which issue do you ask about?"),
                choices,
                confirm_text=tr("Ask"),
            ),
            lambda key: self.host.play(Move(spec.kind, PLAYER, issue=key, target=self.host.target)),
        )

    def choose_ask_why(self, spec: MoveSpec) -> None:
        """Ask what it is for, or why one issue matters: openly, or leading."""
        target = self.host.target

        def move_for(key: str) -> Move:
            style, _, issue = key.partition(":")
            meta = {"style": "leading"} if style == "leading" else {}
            return Move(spec.kind, PLAYER, issue=issue or None, target=target, meta=meta)

        keys = ["open:"]
        keys += [f"open:{issue.id}" for issue in self.host.negotiation.space.issues]
        keys += [f"leading:{issue.id}" for issue in self.host.negotiation.space.issues]
        names = self.host.issue_names()
        choices = []
        for key in keys:
            style, _, issue = key.partition(":")
            if not issue:
                title = tr("What is it for?")
                detail = tr("An open question about what they need")
            elif style == "open":
                title = tr("Why: {issue}").format(issue=names[issue])
                detail = tr("An open question: why it matters")
            else:
                title = tr("Leading: {issue}").format(issue=names[issue])
                detail = tr("Puts an answer in their mouth: costs trust, rarely finds much")
            choices.append(Choice(key, title, detail, self.host.line_for(move_for(key))))
        self._choose(
            ChoiceScene(
                tr("Ask why"),
                tr(
                    "Behind a position there is a reason. Open questions find it once they "
                    "trust you; leading ones put them on guard."
                ),
                choices,
                confirm_text=tr("Ask"),
            ),
            lambda key: self.host.play(move_for(key)),
        )

    def _true_priorities(self) -> dict[str, float]:
        prefs = self.host.negotiation.player.preferences
        return {i: round(prefs.weight(i), 3) for i in prefs.ranking()}

    def _exaggerated(self, issue_id: str) -> dict[str, float]:
        return exaggerated(self._true_priorities(), issue_id)

    def choose_share(self, spec: MoveSpec) -> None:
        names = self.host.issue_names()
        honest = self._true_priorities()
        choices = [
            Choice(
                "honest",
                tr("Honestly"),
                priorities_words(honest, names),
                self.host.line_for(
                    Move(spec.kind, PLAYER, priorities=honest, target=self.host.target)
                ),
            )
        ]
        for issue_id, name in names.items():
            claimed = self._exaggerated(issue_id)
            choices.append(
                Choice(
                    f"more:{issue_id}",
                    ngettext(
                        "Exaggerate: {issue} matters most",
                        "Exaggerate: {issue} matter most",
                        2 if agree(name, "matters") != "matters" else 1,
                    ).format(issue=name),
                    priorities_words(claimed, names),
                    self.host.line_for(
                        Move(spec.kind, PLAYER, priorities=claimed, target=self.host.target)
                    ),
                )
            )

        def chosen(key: str) -> None:
            priorities = honest if key == "honest" else self._exaggerated(key.split(":", 1)[1])
            self.host.play(Move(spec.kind, PLAYER, priorities=priorities, target=self.host.target))

        self._choose(
            ChoiceScene(
                tr("Share your priorities"),
                tr(
                    "Tell them what matters to you. Offers that contradict what you say cost trust."
                ),
                choices,
                confirm_text=tr("Say it"),
            ),
            chosen,
        )

    def choose_cite(self, spec: MoveSpec) -> None:
        cards = [c for c in self.host.live_match().config.evidence if c.holder == PLAYER]
        choices = [
            Choice(
                c.id,
                c.title,
                c.text,
                self.host.line_for(
                    Move(spec.kind, PLAYER, evidence=c.id), evidence=(c.title, c.text)
                ),
            )
            for c in cards
        ]
        by_id = {c.id: c for c in cards}
        self._choose(
            ChoiceScene(
                tr("Cite a benchmark"),
                tr("Which card do you put on the table?"),
                choices,
                confirm_text=tr("Cite it"),
            ),
            lambda key: self.host.play(
                Move(spec.kind, PLAYER, evidence=key, target=self.host.target),
                say=self.host.line_for(
                    Move(spec.kind, PLAYER, evidence=key),
                    evidence=(by_id[key].title, by_id[key].text),
                ),
            ),
        )

    def choose_emotion(self, spec: MoveSpec) -> None:
        choices = [
            Choice(
                e,
                tr(EMOTION_WORDS[e]).split(":", 1)[0].strip() if e in EMOTION_WORDS else e,
                tr(EMOTION_WORDS[e]).split(":", 1)[-1].strip() if e in EMOTION_WORDS else e,
                self.host.line_for(Move(spec.kind, PLAYER, emotion=e)),
            )
            for e in EMOTIONS
        ]
        self._choose(
            ChoiceScene(
                tr("Show a feeling"),
                tr("How do you come across?"),
                choices,
                confirm_text=tr("Show it"),
            ),
            lambda key: self.host.play(
                Move(spec.kind, PLAYER, emotion=key, target=self.host.target)
            ),
        )

    def choose_threaten(self, spec: MoveSpec) -> None:
        batna = float(self.host.negotiation.player.preferences.reservation)
        words = level_text(self.host.level.model).player.batna
        bluff = min(1.0, round(batna + BLUFF_STEP, 2))
        choices = [
            Choice(
                "reveal",
                tr("Reveal your real alternative"),
                tr("It is worth {value} to you.").format(value=format_utility(batna)),
                self.host.line_for(Move(spec.kind, PLAYER, claim=batna), batna=words),
            ),
            Choice(
                "bluff",
                tr("Bluff: claim a better alternative"),
                tr(
                    "Claims one worth about {value}; if you later settle for less, "
                    "they may see through it."
                ).format(value=format_utility(bluff)),
                self.host.line_for(Move(spec.kind, PLAYER, claim=bluff), bluff=True),
            ),
        ]

        def chosen(key: str) -> None:
            claim = batna if key == "reveal" else bluff
            move = Move(spec.kind, PLAYER, claim=claim, target=self.host.target)
            self.host.play(move, say=self.host.line_for(move, batna=words, bluff=key == "bluff"))

        self._choose(
            ChoiceScene(
                tr("Threaten to walk away"),
                tr("Threats put pressure on them, and strain the relationship."),
                choices,
                confirm_text=tr("Say it"),
            ),
            chosen,
        )

    def choose_probe(self, spec: MoveSpec) -> None:
        """Test a claim that stands: ask for proof, call it a bluff, point out a contradiction."""
        match = self.host.live_match()
        legal = self.host.legal()
        choices: list[Choice] = []
        moves: dict[str, Move] = {}
        for npc_id, controller in match.controllers.items():
            book = controller.claims
            for claim in book.open_claims():
                claim_id, about = claim.spec.id, claim.spec.kind
                meta = {"claim": claim_id, "about": about}
                said = tr(_CLAIM_TITLES[about]).format(name=controller.name)
                kinds = [MoveKind.ASK_PROOF, MoveKind.CALL_BLUFF]
                if claim in book.contradicted():
                    kinds.append(MoveKind.POINT_CONTRADICTION)
                for kind in kinds:
                    if legal.get(kind) is not None:
                        continue
                    key = f"{kind.value}:{npc_id}:{claim_id}"
                    moves[key] = Move(kind, PLAYER, target=npc_id, meta=meta)
                    title, detail = _PROBE_CHOICES[kind]
                    label = tr("{move}: {claim}").format(move=tr(title), claim=said)
                    choices.append(Choice(key, label, tr(detail), self.host.line_for(moves[key])))
        if not choices:
            return
        self._choose(
            ChoiceScene(
                tr("Question a claim"),
                tr(
                    "What they claim may be true or a bluff. Proof costs nothing to ask for; "
                    "calling a true claim a bluff costs their trust."
                ),
                choices,
                confirm_text=tr("Say it"),
            ),
            lambda key: self.host.play(moves[key]),
        )

    def _open_grievances(self) -> list[tuple[str, str, str, bool]]:
        found = []
        for npc_id in self.host.npc_ids():
            for grievance in self.host.live_match().npc_state(npc_id)["grievances_open"]:
                found.append(
                    (
                        npc_id,
                        grievance["id"],
                        remembered_words(grievance["text"]),
                        bool(grievance["acknowledged"]),
                    )
                )
        return found

    def _shared_account_text(self, npc_id: str, grievance_id: str) -> str:
        """Return the NPC's own account of a grievance that both could accept ("" if none)."""
        for grievance in self.host.live_match().npc_state(npc_id)["grievances_open"]:
            if grievance["id"] == grievance_id:
                return grievance.get("shared_account") or ""
        return ""

    def choose_acknowledge(self, spec: MoveSpec) -> None:
        self.choose_grievance(
            spec,
            tr("Acknowledge a grievance"),
            tr("Which hurt do you acknowledge?"),
            tr("Acknowledge"),
        )

    def choose_shared_account(self, spec: MoveSpec) -> None:
        self.choose_grievance(
            spec,
            tr("Propose a shared account"),
            tr("Offer a version of what happened that both of you can accept."),
            tr("Propose it"),
        )

    def choose_grievance(self, spec: MoveSpec, title: str, message: str, confirm: str) -> None:
        choices = []
        for npc_id, grievance_id, text, acknowledged in self._open_grievances():
            shared = (
                self._shared_account_text(npc_id, grievance_id)
                if spec.kind is MoveKind.PROPOSE_SHARED_ACCOUNT
                else ""
            )
            move = Move(spec.kind, PLAYER, grievance=grievance_id, target=npc_id, text=shared)
            said = replace(move, text=remembered_words(shared))  # shown; the move keeps English
            who = self.host.name_of(npc_id)
            choices.append(
                Choice(
                    f"{npc_id}|{grievance_id}",
                    tr("{name} (already acknowledged)").format(name=who) if acknowledged else who,
                    text,
                    self.host.line_for(said, grievance=text),
                )
            )
        if not choices:
            self.host.show_toast(reason_text(tr("no one here holds an open grievance against you")))
            return

        def chosen(key: str) -> None:
            npc_id, grievance_id = key.split("|", 1)
            text = next(
                (t for n, g, t, _ in self._open_grievances() if n == npc_id and g == grievance_id),
                "",
            )
            shared = (
                self._shared_account_text(npc_id, grievance_id)
                if spec.kind is MoveKind.PROPOSE_SHARED_ACCOUNT
                else ""
            )
            move = Move(spec.kind, PLAYER, grievance=grievance_id, target=npc_id, text=shared)
            said = replace(move, text=remembered_words(shared))
            self.host.play(move, say=self.host.line_for(said, grievance=text))

        self._choose(ChoiceScene(title, message, choices, confirm_text=confirm), chosen)

    def choose_own_grievance(self, spec: MoveSpec, title: str, message: str, confirm: str) -> None:
        cards = [
            g
            for g in self.host.live_match().config.player_grievances
            if g.id not in self.host.let_go
        ]
        if not cards:
            self.host.show_toast(reason_text(tr("you hold no grievance card")))
            return
        by_id = {g.id: g for g in cards}
        choices = [
            Choice(
                g.id,
                g.text,
                "",
                self.host.line_for(Move(spec.kind, PLAYER, grievance=g.id), grievance=g.text),
            )
            for g in cards
        ]

        def chosen(key: str) -> None:
            move = Move(spec.kind, PLAYER, grievance=key, target=self.host.target)
            self.host.play(move, say=self.host.line_for(move, grievance=by_id[key].text))

        self._choose(ChoiceScene(title, message, choices, confirm_text=confirm), chosen)

    def choose_let_go(self, spec: MoveSpec) -> None:
        self.choose_own_grievance(
            spec,
            tr("Let go of a grievance"),
            tr("Put something from the past down, so it stops steering these talks."),
            tr("Let it go"),
        )

    def choose_raise(self, spec: MoveSpec) -> None:
        self.choose_own_grievance(
            spec,
            tr("Raise a grievance"),
            tr("Bring up something they did to you."),
            tr("Raise it"),
        )

    def choose_restate(self, spec: MoveSpec) -> None:
        issues = [(issue.id, issue.name) for issue in self.host.negotiation.space.issues]
        who = self.host.name_of(
            self.host.target or (self.host.npc_ids()[0] if self.host.npc_ids() else None)
        )

        def send(weights: dict[str, float]) -> None:
            self.host.play(Move(spec.kind, PLAYER, priorities=weights, target=self.host.target))

        self._weigh(
            WeightsScene(
                tr("Say back what matters to {name}").format(name=who),
                tr(
                    "For each issue, how much does it matter to {name}? 0 = not at all, 10 = most."
                ).format(name=who),
                issues,
            ),
            send,
        )

    # ------------------------------------------------------------- preference talk, favours
    def _pair_chooser(self, spec: MoveSpec, title: str, message: str, ordered: bool) -> None:
        """Choose two issues: ``ordered`` for "A matters more than B", else a question."""
        issues = [issue.id for issue in self.host.negotiation.space.issues]
        names = self.host.issue_names()
        target = self.host.target
        prefs = self.host.negotiation.player.preferences
        pairs = [
            (a, b)
            for i, a in enumerate(issues)
            for j, b in enumerate(issues)
            if (a != b if ordered else i < j)
        ]
        if ordered:  # the true statements first
            pairs.sort(key=lambda p: prefs.weight(p[0]) < prefs.weight(p[1]))

        def move_for(key: str) -> Move:
            first, _, second = key.partition("|")
            return Move(
                spec.kind, PLAYER, issue=first, target=target, meta={PREFERENCE_OVER: second}
            )

        choices = []
        for first, second in pairs:
            key = f"{first}|{second}"
            if ordered:
                true = prefs.weight(first) >= prefs.weight(second)
                label = tr("{first} over {second}").format(first=names[first], second=names[second])
                detail = (
                    tr("True for you") if true else tr("Not true for you: a bluff they may catch")
                )
            else:
                label = tr("{first} or {second}").format(first=names[first], second=names[second])
                detail = tr("Which matters more to them?")
            choices.append(Choice(key, label, detail, self.host.line_for(move_for(key))))
        self._choose(
            ChoiceScene(
                title, message, choices, confirm_text=tr("Say it") if ordered else tr("Ask")
            ),
            lambda key: self.host.play(move_for(key)),
        )

    def choose_prefer(self, spec: MoveSpec) -> None:
        self._pair_chooser(
            spec,
            tr("Say what matters more"),
            tr(
                "Tell them which of two issues matters more to you. It shapes what they offer; "
                "saying one thing and then the opposite costs trust."
            ),
            ordered=True,
        )

    def choose_ask_pair(self, spec: MoveSpec) -> None:
        self._pair_chooser(
            spec,
            tr("Ask which matters more"),
            tr(
                "Ask which of two issues matters more to them. They answer when they trust you "
                "enough to talk."
            ),
            ordered=False,
        )

    def _favour_chooser(self, spec: MoveSpec, title: str, message: str, confirm: str) -> None:
        models = {issue.id: issue for issue in self.host.level.model.issues}
        target = self.host.target or (self.host.npc_ids()[0] if self.host.npc_ids() else None)

        def move_for(key: str) -> Move:
            return Move(spec.kind, PLAYER, issue=key, target=target)

        choices = [
            Choice(
                issue.id,
                issue.name,
                getattr(models.get(issue.id), "description", ""),
                self.host.line_for(move_for(issue.id)),
            )
            for issue in self.host.negotiation.space.issues
        ]
        self._choose(
            ChoiceScene(title, message, choices, confirm_text=confirm),
            lambda key: self.host.play(move_for(key)),
        )

    def choose_ask_favour(self, spec: MoveSpec) -> None:
        self._favour_chooser(
            spec,
            tr("Ask a favour"),
            tr(
                "On which issue do you ask them to give ground now? A favour is a debt: they "
                "will ask for it back, and remember if it never comes."
            ),
            tr("Ask"),
        )

    def choose_grant_favour(self, spec: MoveSpec) -> None:
        self._favour_chooser(
            spec,
            tr("Grant a favour"),
            tr(
                "On which issue do you give them ground? Show it in your next offer. If you owe "
                "them a favour, this returns it; if not, they will owe you one."
            ),
            tr("Grant it"),
        )

    def choose_walk(self, spec: MoveSpec) -> None:
        batna = level_text(self.host.level.model).player.batna

        def walk() -> None:
            self.host.play(Move(MoveKind.WALK_AWAY, PLAYER))

        self._confirm(
            ConfirmScene(
                tr("Walk away from the table?"),
                tr(
                    "The talks end now and are scored without a deal. Your alternative: {batna}"
                ).format(batna=batna),
                confirm_text=tr("Walk away"),
                cancel_text=tr("Keep negotiating"),
            ),
            walk,
        )
