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
        self.offers = 0
        self.distinct = 0
        self.stated: list[float] | None = None
        self.stated_share = 0.0
        self.version = 0
        self._weights: list[float] | None = None
        self._scores: list[list[float]] | None = None
        self._weighted: list[list[float]] | None = None
        self._flat: np.ndarray | None = None

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

    def offers_agree_with_statement(self) -> float | None:
        """Return how well offers agree with the stated priorities (Spearman), or None (too early)."""
        if self.stated is None or self.distinct < 3 or len(self.stated) < 2:
            return None  # one issue says nothing about priorities: no verdict
        return spearman(self.offer_weights(), self.stated)
