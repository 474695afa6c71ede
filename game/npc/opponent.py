"""The frequency opponent model: what the other side seems to want, learnt from its offers.

Two signals from offers (as in ANAC 2011's HardHeaded agent) and one from words:

* an issue whose value the other side keeps between consecutive different offers gains
  weight (people hold on to what matters and move on what does not);
* values offered often score higher on their issue;
* stated priorities ("price matters most to me") are blended in, trusted less as soon as
  later offers contradict them.

A repeated, identical offer carries no new information and is not counted twice.  The
model's accuracy against the truth is measurable (:meth:`FrequencyModel.ranking_spearman`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

KEEP_BONUS = 1.0
"""Weight evidence an issue gains when its value is kept between two different offers."""
STATED_SHARE = 0.6
"""How much stated priorities count in the weights until offers say otherwise."""
CONTRADICTED_SHARE = 0.1
"""How much they count once offers contradict them."""
HONESTY_OFFERS = 4
"""Different offers needed before stated priorities are judged against them."""
HONESTY_SPREAD = 0.1
"""A statement whose weights differ by less than this ranks nothing: it is not judged."""
HONESTY_GAIN = 0.05
"""What the offers after the first must have given the judge, in all, before it judges."""
HONEST_EVIDENCE = 0.25
"""Evidence at least this much: the offers bear the statement out."""
LIE_EVIDENCE = 0.3
"""Evidence at most minus this much: the offers contradict the statement."""
FINAL_EVIDENCE = 0.2
"""At the end of a meeting with no verdict yet: evidence this far from 0 decides."""
CONCESSION_OFFERS = 3
"""Different offers needed before where the player gave ground is read (at the end)."""
CONCESSION_WEIGHT = 0.1
"""How much ground, on issues the statement ranks apart, must have been given to read it."""
CONCESSION_EVIDENCE = 0.5
"""How clearly that ground must lie on the cheap (or the dear) side to decide."""


def spearman(first: Sequence[float], second: Sequence[float]) -> float:
    """Return Spearman's rank correlation of two equally long sequences (ties get mean ranks)."""
    a = _ranks(first)
    b = _ranks(second)
    if len(a) < 2:
        return 1.0
    a_mean = sum(a) / len(a)
    b_mean = sum(b) / len(b)
    cov = sum((x - a_mean) * (y - b_mean) for x, y in zip(a, b, strict=True))
    var_a = sum((x - a_mean) ** 2 for x in a)
    var_b = sum((y - b_mean) ** 2 for y in b)
    if var_a == 0 or var_b == 0:
        return 0.0
    return cov / (var_a * var_b) ** 0.5


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        mean = (i + j) / 2.0
        for k in range(i, j + 1):
            ranks[order[k]] = mean
        i = j + 1
    return ranks


def _reversed(stated: Sequence[float]) -> list[float]:
    """Return the statement turned upside down: the least important issue gets the largest
    weight, the most important the smallest."""
    order = sorted(range(len(stated)), key=lambda i: stated[i])
    ranked = sorted(stated, reverse=True)
    reverse = [0.0] * len(stated)
    for issue, weight in zip(order, ranked, strict=True):
        reverse[issue] = weight
    return reverse


class FrequencyModel:
    """An estimate of one other party's issue weights and value preferences."""

    def __init__(
        self,
        issue_ids: Sequence[str],
        sizes: Sequence[int],
        ordered: Sequence[bool] | None = None,
    ) -> None:
        self.issue_ids = tuple(issue_ids)
        self.sizes = tuple(sizes)
        self.ordered = tuple(ordered) if ordered is not None else (False,) * len(self.sizes)
        """Per issue: whether its values lie on a scale (numbers), so neighbours score alike."""
        self.reset()

    def reset(self) -> None:
        """Forget everything learnt."""
        self.counts = [[0.0] * size for size in self.sizes]
        self.kept = [0.0] * len(self.sizes)
        self.last: tuple[int, ...] | None = None
        self.first: tuple[int, ...] | None = None
        self.seen: list[tuple[int, ...]] = []
        """The different offers observed, in order (the first is where the other side opened)."""
        self._leaning: str | None = None
        self._leaning_before: str | None = None
        self._leaning_at = -1
        self.offers = 0
        self.distinct = 0
        self.stated: list[float] | None = None
        self.stated_share = 0.0
        self.pairs: dict[tuple[str, str], float] = {}
        """Stated pairs ``(more, less)`` -> how far they are trusted (``state_pair``)."""
        self.version = 0
        self._weights: list[float] | None = None
        self._scores: list[list[float]] | None = None
        self._weighted: list[list[float]] | None = None
        self._flat: list[np.ndarray] | None = None

    # ----------------------------------------------------------------- learning
    def observe(self, values: tuple[int, ...], strength: float = 1.0) -> bool:
        """Learn from one offer (its value positions); return False when it taught nothing new."""
        self.offers += 1
        last = self.last
        if values == last:
            return False
        counts = self.counts
        for issue, position in enumerate(values):
            counts[issue][position] += strength
        if last is not None:
            kept = self.kept
            for issue, (now, before) in enumerate(zip(values, last, strict=True)):
                if now == before:
                    kept[issue] += KEEP_BONUS * strength
        self.last = values
        self.distinct += 1
        if self.first is None:
            self.first = values
        if values not in self.seen:
            self.seen.append(values)
        self._changed()
        return True

    def observe_choice(
        self, chosen: tuple[int, ...], passed_over: Sequence[tuple[int, ...]]
    ) -> None:
        """Learn from a choice among several packages (MESO): chosen values count extra."""
        for other in passed_over:
            for issue, (mine, theirs) in enumerate(zip(chosen, other, strict=True)):
                if mine != theirs:
                    self.counts[issue][mine] += 1.0
                    self.kept[issue] += 0.5
        self._changed()

    def state_priorities(self, weights: Mapping[str, float], share: float = STATED_SHARE) -> None:
        """Take stated priorities into account (issue -> weight as the other side claims it)."""
        raw = [max(float(weights.get(issue, 0.0)), 0.0) for issue in self.issue_ids]
        total = sum(raw)
        if total <= 0:
            return
        self.stated = [w / total for w in raw]
        self.stated_share = share
        self._changed()

    def state_pair(self, more: str, less: str, share: float = STATED_SHARE) -> None:
        """Take in "``more`` matters more to me than ``less``": the estimate keeps that order
        (swapped when trusted at least half as much as a full statement, else evened out).
        A later pair on the same two issues replaces an earlier one."""
        self.pairs.pop((less, more), None)
        self.pairs[(more, less)] = share
        self._changed()

    def discount_statement(self) -> None:
        """Trust stated priorities less (offers contradicted them)."""
        self.stated_share = min(self.stated_share, CONTRADICTED_SHARE)
        self._changed()

    def _changed(self) -> None:
        self.version += 1
        self._weights = None
        self._scores = None
        self._weighted = None
        self._flat = None

    # ----------------------------------------------------------------- estimates
    def offer_weights(self) -> list[float]:
        """Return the issue weights the offers alone suggest (uniform before any evidence).

        Per issue: how often its value was kept between consecutive different offers, and
        how concentrated its offered values are (one minus the normalised entropy).
        """
        m = len(self.sizes)
        if self.distinct < 2:
            return [1.0 / m] * m
        steps = max(self.distinct - 1, 1)
        raw = []
        for kept, issue_counts, size in zip(self.kept, self.counts, self.sizes, strict=True):
            total = sum(issue_counts)
            certainty = 0.0
            if total > 0 and size > 1:
                entropy = 0.0
                for count in issue_counts:
                    if count > 0:
                        share = count / total
                        entropy -= share * math.log(share)
                certainty = 1.0 - entropy / math.log(size)
            raw.append(0.2 + min(kept / steps, 1.0) + 2.0 * certainty)
        total = sum(raw)
        return [w / total for w in raw]

    def weights(self) -> list[float]:
        """Return the estimated issue weights (summing to 1)."""
        if self._weights is None:
            learnt = self.offer_weights()
            if self.stated is not None and self.stated_share > 0:
                share = self.stated_share
                learnt = [
                    (1 - share) * a + share * b for a, b in zip(learnt, self.stated, strict=True)
                ]
            if self.pairs:
                learnt = list(learnt)
                for (more, less), share in self.pairs.items():
                    m, n = self.issue_ids.index(more), self.issue_ids.index(less)
                    if learnt[m] < learnt[n]:
                        if share >= STATED_SHARE / 2:
                            learnt[m], learnt[n] = learnt[n], learnt[m]
                        else:
                            learnt[m] = learnt[n] = (learnt[m] + learnt[n]) / 2
            self._weights = learnt
        return self._weights

    def value_scores(self) -> list[list[float]]:
        """Return, per issue, an estimate in [0, 1] of how much the other side likes each value.

        Options score by how often they were offered.  On a numeric scale a value also earns
        from offers of its neighbours (a linear kernel), so $370 scores above $350 for
        someone who keeps asking $500.
        """
        if self._scores is None:
            scores = []
            for issue_counts, ordered in zip(self.counts, self.ordered, strict=True):
                size = len(issue_counts)
                top = max(issue_counts)
                if top <= 0:
                    scores.append([0.5] * size)
                    continue
                if ordered and size > 1:
                    span = size - 1
                    smooth = [
                        sum(c * (1.0 - abs(j - k) / span) for k, c in enumerate(issue_counts) if c)
                        for j in range(size)
                    ]
                    best = max(smooth)
                    scores.append([0.05 + 0.95 * v / best for v in smooth])
                else:
                    scores.append([(c + 0.5) / (top + 0.5) for c in issue_counts])
            self._scores = scores
        return self._scores

    def weighted_scores(self) -> list[list[float]]:
        """Return ``weight * value score`` per value of every issue (cached until it learns)."""
        if self._weighted is None:
            self._weighted = [
                [w * s for s in issue_scores]
                for w, issue_scores in zip(self.weights(), self.value_scores(), strict=True)
            ]
        return self._weighted

    def estimate_rows(self, rows: Sequence[Sequence[int]]) -> list[float]:
        """Return the estimated utility of outcomes given as rows of value positions."""
        tables = self.weighted_scores()
        return [sum([table[v] for table, v in zip(tables, row)]) for row in rows]  # noqa: B905

    def estimate(self, values: Sequence[int]) -> float:
        """Return the estimated utility of one outcome for the other side."""
        return sum(
            w * scores[position]
            for w, scores, position in zip(self.weights(), self.value_scores(), values, strict=True)
        )

    def estimate_many(self, value_matrix: np.ndarray) -> np.ndarray:
        """Return the estimated utility of many outcomes (rows of value positions)."""
        if self._flat is None:
            self._flat = [np.asarray(row, dtype=np.float64) for row in self.weighted_scores()]
        total = np.zeros(value_matrix.shape[0], dtype=np.float64)
        for issue, table in enumerate(self._flat):
            total += table[value_matrix[:, issue]]
        return total

    def ranking(self) -> list[str]:
        """Return the issue ids from most to least important, as estimated."""
        weights = self.weights()
        order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
        return [self.issue_ids[i] for i in order]

    def ranking_spearman(self, true_weights: Sequence[float]) -> float:
        """Return the Spearman correlation of the estimated and the true issue weights."""
        return spearman(self.weights(), list(true_weights))

    def distance(self, issue: int, a: int, b: int) -> float:
        """Return how far apart two values of an issue are (0..1: numeric by the scale)."""
        if a == b:
            return 0.0
        if self.ordered[issue] and self.sizes[issue] > 1:
            return abs(a - b) / (self.sizes[issue] - 1)
        return 1.0

    def _judgeable(self, offers_needed: int) -> list[float] | None:
        """Return the stated weights when they can be judged: two issues or more, ranked
        apart by at least :data:`HONESTY_SPREAD`, and ``offers_needed`` offers seen."""
        stated = self.stated
        if stated is None or len(stated) < 2 or len(self.seen) < offers_needed:
            return None
        if max(stated) - min(stated) < HONESTY_SPREAD:
            return None
        return stated

    def honesty_evidence(self, own: Sequence[Sequence[float]]) -> float | None:
        """Return how well the offers bear out the stated priorities, from -1 to 1, or None
        while they carry too little evidence to judge.

        ``own`` is the judge's own weighted value table per issue (its utility of each value).
        On each issue the player is taken to want most what it asked for that the judge likes
        least (its most demanding value in any of its offers, the first one included: an
        opening that already gives ground shows where the player gives it).  Each offer gave
        the judge some share of the room left on each issue.  A player who told the truth
        gives ground where it costs it least for what it gives.  Under a hypothesis about the
        player's weights, what the offers cost (weight times share given, per issue) can be
        set against the least they could have cost for the same gain (the cheapest issues
        first, each up to what the judge can gain on it).  The wasted share is the
        hypothesis's *regret*.  The evidence is the regret of the statement turned upside
        down minus the regret of the statement itself: near 1 when only the statement
        explains the offers, near -1 when only its reverse does, near 0 when both or neither
        do (a concession on an issue both think cheap tells nothing).

        No evidence (None): fewer than :data:`HONESTY_OFFERS` different offers, a statement
        that ranks every issue alike, or offers that gave the judge less than
        :data:`HONESTY_GAIN` in all.
        """
        stated = self._judgeable(HONESTY_OFFERS)
        if stated is None:
            return None
        steps = self._regret_evidence(stated, own, False)
        shares = self._regret_evidence(stated, own, True)
        if steps is None or shares is None:
            return None
        # the two readings must lean the same way: a lie needs both to say so clearly (the
        # kinder of the two counts), honesty the first to say so and the second to agree
        if steps > 0 and shares > 0:
            return steps
        if steps < 0 and shares < 0:
            return max(steps, shares)
        return 0.0

    def _regret_evidence(
        self, stated: Sequence[float], own: Sequence[Sequence[float]], shares: bool
    ) -> float | None:
        """One reading of :meth:`honesty_evidence`.

        ``shares`` False: from the first offer, each issue moved counting as a whole step
        (how far along its scale on a numeric issue).  True: from the most demanding value
        on each issue in any offer (the first included), each move counting as the share of
        the judge's room on that issue that it gave.
        """
        seen = self.seen
        reverse = _reversed(stated)
        issues = range(len(stated))
        if shares:
            anchor = [min((values[i] for values in seen), key=own[i].__getitem__) for i in issues]
            offers = seen
        else:
            anchor, offers = list(seen[0]), seen[1:]
        room, reach = [], []
        for i in issues:
            table = own[i]
            best = max(range(len(table)), key=table.__getitem__)
            room.append(max(table[best] - table[anchor[i]], 0.0))
            reach.append(1.0 if shares else self.distance(i, anchor[i], best))
        moves = []
        total_gain = 0.0
        for values in offers:
            # only what gives the judge something counts (a move the other way, where it opened
            # below its own favourite, says little about what it would give)
            given = [own[i][values[i]] - own[i][anchor[i]] for i in issues]
            if shares:
                moved = [g / room[i] if g > 0 else 0.0 for i, g in zip(issues, given, strict=True)]
            else:
                moved = [
                    self.distance(i, anchor[i], values[i]) if g > 0 else 0.0
                    for i, g in zip(issues, given, strict=True)
                ]
            gain = sum(g for g in given if g > 0)
            if gain > 0:
                moves.append((moved, gain))
                total_gain += gain
        if total_gain < HONESTY_GAIN or len(moves) < HONESTY_OFFERS - 1:
            return None
        regrets = []
        for weights in (stated, reverse):
            rates = sorted(
                (weights[i] * reach[i] / room[i], room[i]) for i in issues if room[i] > 1e-9
            )
            spent = least = 0.0
            for moved, gain in moves:
                spent += sum(w * m for w, m in zip(weights, moved, strict=True))
                left = gain
                for rate, capacity in rates:
                    take = min(left, capacity)
                    least += take * rate
                    left -= take
                    if left <= 1e-12:
                        break
            regrets.append(max(spent - least, 0.0) / spent if spent > 1e-9 else 0.0)
        return regrets[1] - regrets[0]

    def concession_evidence(self, own: Sequence[Sequence[float]]) -> tuple[float, float] | None:
        """Return (evidence from -1 to 1, its weight) from *where* the player gave ground,
        whatever the judge gained by it, or None with fewer than three different offers.

        Per issue, the share of the room it left the judge (from its most demanding value)
        that its offers gave, on average: an issue given early is given in more offers.
        The evidence is near 1 when that ground lies on issues the statement calls cheap,
        near -1 when it lies on issues it calls dear.  Its weight is how much ground was
        given on issues the statement and its reverse rank apart.
        """
        stated = self._judgeable(CONCESSION_OFFERS)
        if stated is None:
            return None
        seen = self.seen
        reverse = _reversed(stated)
        toward = weight = 0.0
        for issue, table in enumerate(own):
            anchor = min((values[issue] for values in seen), key=table.__getitem__)
            room = max(table) - table[anchor]
            if room <= 1e-9:
                continue
            given = sum(table[values[issue]] - table[anchor] for values in seen)
            share = given / room / len(seen)
            gap = reverse[issue] - stated[issue]
            toward += gap * share
            weight += abs(gap) * share
        if weight <= 1e-9:
            return None
        return toward / weight, weight

    def final_honesty_verdict(self, own: Sequence[Sequence[float]]) -> str | None:
        """Return ``honest``, ``lie`` or None: the verdict once the meeting is over, from
        all the offers it saw, when none was reached along the way.

        Two things can speak.  The offers' cost: both readings of :meth:`honesty_evidence`
        lean the same way and the one by shares of the room by at least
        :data:`FINAL_EVIDENCE`.  Where the player gave ground (:meth:`concession_evidence`):
        with weight at least :data:`CONCESSION_WEIGHT`, pointing one way by at least
        :data:`CONCESSION_EVIDENCE`.  One that speaks decides; two that disagree, or none:
        no verdict.
        """
        stated = self.stated
        if stated is None:
            return None
        said: set[bool] = set()
        if self.honesty_evidence(own) is not None:
            steps = self._regret_evidence(stated, own, False)
            shares = self._regret_evidence(stated, own, True)
            if steps is not None and shares is not None:
                if steps * shares > 0 and abs(shares) >= FINAL_EVIDENCE:
                    said.add(shares > 0)
        found = self.concession_evidence(own)
        if found is not None:
            leaning, weight = found
            if weight >= CONCESSION_WEIGHT and abs(leaning) >= CONCESSION_EVIDENCE:
                said.add(leaning > 0)
        if len(said) != 1:
            return None
        return "honest" if said.pop() else "lie"

    def honesty_verdict(self, own: Sequence[Sequence[float]]) -> str | None:
        """Return ``honest``, ``lie`` or None (no verdict yet) from :meth:`honesty_evidence`.

        Calling a player a liar needs the evidence to point that way after two different
        offers in a row (one clumsy concession early on does not make a liar).
        """
        evidence = self.honesty_evidence(own)
        leaning = None
        if evidence is not None:
            if evidence >= HONEST_EVIDENCE:
                leaning = "honest"
            elif evidence <= -LIE_EVIDENCE:
                leaning = "lie"
        if leaning == "honest":
            return leaning  # the benefit of the doubt: only a lie needs to be seen twice
        key = len(self.seen)
        if key == self._leaning_at:
            return leaning if leaning == self._leaning_before else None
        before, self._leaning, self._leaning_at = self._leaning, leaning, key
        self._leaning_before = before
        return leaning if leaning is not None and leaning == before else None
