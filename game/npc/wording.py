"""Issue names inside sentences: the article, lower case, and the verb that agrees.

Levels name issues as labels ("Accessories", "Who pays", "Kestria's tariff on cars",
"Days a week").  A sentence needs more: "the accessories matter", "who pays matters",
"Kestria's tariff on cars matters".  Every line that puts an issue name into a sentence
goes through these functions (and :func:`game.npc.dialogue.fill` applies them to the
``{issue}``-like placeholders), so one rule decides them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from game.engine.issues import said_value

__all__ = [
    "IssuePhrase",
    "Voice",
    "agree",
    "issue_is_plural",
    "issue_phrase",
    "join_words",
    "sentence_name",
    "spoken_clause",
    "spoken_offer",
    "spoken_option",
    "spoken_terms",
    "spoken_value",
]

_CLAUSE_WORDS = frozenset({"who", "what", "when", "where", "how", "which", "whether", "why", "if"})
_DETERMINERS = frozenset(
    {"the", "a", "an", "your", "my", "our", "their", "his", "her", "its", "this", "that"}
)
_PREPOSITIONS = frozenset(
    {"of", "by", "for", "per", "on", "in", "at", "to", "with", "from", "a", "an", "after"}
)
_NOT_PLURAL = frozenset({"news", "series", "means", "analysis", "status", "bus", "gas", "yes"})
_PLURAL_WORDS = frozenset({"people", "children", "staff", "men", "women", "data"})

# singular verb -> plural verb, for the word after a plural issue
_VERBS = {
    "is": "are",
    "isn't": "aren't",
    "was": "were",
    "wasn't": "weren't",
    "has": "have",
    "hasn't": "haven't",
    "does": "do",
    "doesn't": "don't",
    "matters": "matter",
    "counts": "count",
    "stays": "stay",
    "costs": "cost",
    "comes": "come",
    "seems": "seem",
    "means": "mean",
    "needs": "need",
    "goes": "go",
    "depends": "depend",
}
_ADVERBS = frozenset({"hardly", "really", "still", "also", "only", "just", "much", "barely"})


def _words(name: str) -> list[str]:
    return name.replace("\u2019", "'").split()


def _possessive(word: str) -> bool:
    return word.endswith("'s") or word.endswith("s'")


def _bare_start(name: str) -> bool:
    """Return True when a name takes no article: a clause, a determiner, a possessive, a preposition."""
    words = _words(name)
    if not words:
        return True
    first = words[0].lower()
    return (
        first in _CLAUSE_WORDS
        or first in _DETERMINERS
        or first in _PREPOSITIONS
        or _possessive(words[0])
    )


def issue_is_plural(name: str) -> bool:
    """Return True when an issue name is a plural noun phrase ("Accessories", "Days a week").

    The head is the words before the first preposition ("Rounds" in "Rounds of changes");
    "X and Y" is plural; a clause ("Who pays") or a prepositional name ("For December")
    is singular.
    """
    words = [w.lower().strip(",.") for w in _words(name)]
    if not words or words[0] in _CLAUSE_WORDS or words[0] in _PREPOSITIONS:
        return False
    if words[0] in _DETERMINERS or _possessive(words[0]):
        words = words[1:] or words
    head: list[str] = []
    for word in words:
        if head and word in _PREPOSITIONS:
            break
        head.append(word)
    if "and" in head:
        return True
    last = head[-1]
    if last in _PLURAL_WORDS:
        return True
    if last in _NOT_PLURAL or not last.isalpha():
        return False
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "ics"))


def sentence_name(name: str) -> str:
    """Return an issue name as it reads inside a sentence, without an article.

    "Price" -> "price"; "VAT rate" and "Kestria's tariff" keep their capital.
    """
    words = _words(name)
    if not words:
        return name
    if len(name) > 1 and name[1:2].isupper() or _possessive(words[0]):
        return name
    return name[:1].lower() + name[1:]


class IssuePhrase(str):
    """An issue in a sentence: the text with its article ("the accessories"), plus what
    :func:`game.npc.dialogue.fill` needs: ``bare`` (without the article) and ``plural``."""

    bare: str
    plural: bool
    article: bool

    def __new__(cls, name: str, voice: Voice | None = None) -> IssuePhrase:
        if voice is not None:
            name = voice.own(name)
        bare = sentence_name(name)
        article = not _bare_start(name)
        phrase = super().__new__(cls, f"the {bare}" if article else bare)
        phrase.bare = bare
        phrase.plural = issue_is_plural(name)
        phrase.article = article
        return phrase


def issue_phrase(name: str, voice: Voice | None = None) -> IssuePhrase:
    """Return an issue name ready for a sentence: "the accessories", "who pays".

    Said by ``voice``, a label naming the speaker speaks of it as "my": Kai says "my old
    loan" for "Kai's old loan".
    """
    return IssuePhrase(name, voice)


def agree(name: str, verb: str) -> str:
    """Return ``verb`` (written for a singular subject) agreeing with the issue ``name``.

    ``agree("Accessories", "matters")`` is "matter"; ``agree("Price", "matters")`` "matters".
    """
    if not issue_is_plural(name):
        return verb
    return _VERBS.get(verb.lower(), verb)


def plural_verb(verb: str) -> str | None:
    """Return the plural form of a singular verb the agreement rule knows, else None."""
    return _VERBS.get(verb.lower())


def is_adverb(word: str) -> bool:
    """Return True for the few adverbs that may stand between a subject and its verb."""
    return word.lower() in _ADVERBS


# ----------------------------------------------------------------------------- spoken packages
#
# Levels write options as labels for the offer builder ("Supplier contact: Kai", "Points
# chart: points chart", "Days a week: 3 days").  Said aloud by a character they need more:
# the issue in lower case and in its place ("you on supplier contact", "a points chart",
# "3 days a week"), the speaker's own name turned into "me" and "my", and a list that ends
# with "and".  The rules below read the label against the issue's name, so no level has to
# spell its options twice.


@dataclass(frozen=True)
class Voice:
    """Who says a package: the character's name (labels naming it become "me" and "my").

    ``alone``: it is the player's only counterpart, so a label's "he" or "she" (written
    from the player's side: "he collects it") is the speaker ("I collect it").
    """

    name: str | None = None
    alone: bool = False

    def _names(self) -> list[str]:
        if not self.name:
            return []
        names = [self.name]
        first = self.name.split()[0]
        if first != self.name and first[:1].isupper() and len(first) > 2:
            names.append(first)
        return names

    def own(self, text: str) -> str:
        """Return ``text`` as the speaker says it: its name as "me", "my", "both of us"."""
        for name in self._names():
            quoted = re.escape(name)
            text = re.sub(rf"\b{quoted}['\u2019]s\b", "my", text)
            text = re.sub(rf"^{quoted}$", "me", text)
            text = re.sub(rf"\b{quoted}\b", "me", text)
        if self.alone:
            text = re.sub(r"\b(both|neither|either|one) of you\b", r"\1 of us", text)
            text = re.sub(r"^(?:he|she) (\w+?)(e?s)\b", _first_person, text)
            text = re.sub(r"\bhim\b", "me", text)
        return text


def _first_person(found: re.Match[str]) -> str:
    stem, ending = found.group(1), found.group(2)
    # "collects" -> "collect", "goes" -> "go", "takes" -> "take", "pays" -> "pay"
    if ending == "es" and not stem.endswith(("o", "s", "sh", "ch", "x", "z")):
        stem += "e"
    return f"I {stem}"


_NONE = frozenset({"none", "no", "not included", "nothing", "no one", "nobody"})
_PREPOSITION_LABEL = frozenset(
    {
        "in", "within", "over", "by", "every", "from", "after", "at", "on", "before",
        "until", "as", "tomorrow", "today", "now", "whenever", "each", "once", "twice",
        "weekly", "monthly", "yearly", "under", "up",
    }
)  # fmt: skip
_PERSONS = frozenset({"you", "me", "us", "we", "i"})
_SUBJECTS = frozenset({"you", "i", "he", "she", "we", "they", "it"})
_VERB_START = frozenset(
    {
        "take", "split", "leave", "stay", "share", "pay", "keep", "repay", "collect",
        "ride", "work", "alternate", "rotate", "swap", "sell", "buy", "join", "drop",
    }
)  # fmt: skip
_QUANTIFIERS = frozenset(
    {"no", "all", "any", "both", "neither", "every", "each", "some", "one", "two", "three",
     "four", "five", "six", "only", "unlimited", "half", "full", "with", "without"}
)  # fmt: skip
_RATES = frozenset(
    {"share", "rate", "royalty", "tax", "tariff", "discount", "commission", "interest", "cut"}
)
"""Issues that are a rate themselves: "a royalty of 10%", not "10% of the royalty"."""
_LENGTH_WORDS = frozenset({"length", "period", "term", "duration"})


def _head(name: str) -> tuple[list[str], list[str]]:
    """Return an issue name split into its head ("rounds") and the tail ("of changes")."""
    words = _words(name)
    for at, word in enumerate(words):
        if at and word.lower() in _PREPOSITIONS:
            return words[:at], words[at:]
    return words, []


_SAME = {"usage": "use"}


def _same_word(a: str, b: str) -> bool:
    a, b = a.lower().strip(",."), b.lower().strip(",.")
    a, b = _SAME.get(a, a), _SAME.get(b, b)
    return a == b or a.rstrip("s") == b.rstrip("s") and len(a) > 2 and len(b) > 2


def _starts_number(words: Sequence[str]) -> bool:
    return bool(words) and (words[0][:1].isdigit() or words[0].lower() in _QUANTIFIERS)


def _with_article(text: str) -> str:
    """Return a bare singular noun phrase with "a" ("a points chart"); others as they are."""
    words = _words(text)
    if not words:
        return text
    first = words[0].lower()
    if (
        first in _DETERMINERS
        or first in _QUANTIFIERS
        or first in _SUBJECTS
        or _possessive(words[0])
        or first[:1].isdigit()
        or not first[:1].isalpha()
        or words[0][:1].isupper()
        or issue_is_plural(re.split(r",| and ", text)[0])
    ):
        return text
    return f"{'an' if first[:1] in 'aeio' else 'a'} {text}"


def _named(name: str, voice: Voice | None) -> IssuePhrase:
    return IssuePhrase(name, voice)


spoken_value = said_value
"""A value as said: a number with its unit as people say it ("30%", "$40bn a year" for "30 %"
and "40 $bn a year"), an option label as it is (:func:`game.engine.issues.said_value`)."""


def _numeric(issue: Any, value: Any, voice: Voice | None) -> str:
    """Return a number on an issue as said: "the price at $400", "3 days a week"."""
    text = spoken_value(issue, value)
    unit = getattr(issue, "unit", "") or ""
    name = voice.own(issue.name) if voice is not None else issue.name
    words = _words(name)
    unit_words = unit.split()
    if words and unit_words and _same_word(words[0], unit_words[0]):
        # "Days a week" in days: "3 days a week"; "Days at home" in days a week: "2 days a
        # week at home" (the unit already says what the name begins with)
        rest = " ".join(words[1:])
        if rest and not text.endswith(rest):
            return f"{text} {rest}"
        return text
    if len(words) > 1 and unit_words and _same_word(words[-1], unit_words[0]):
        # "Release month" in months: "release in 6 months"
        return f"{sentence_name(' '.join(words[:-1]))} in {text}"
    phrase = _named(name, voice)
    head, tail = _head(name)
    if phrase.plural and tail:
        # "Emission cuts by 2035": "emission cuts of 30% by 2035"
        return f"{sentence_name(' '.join(head))} of {text} {' '.join(tail)}"
    return f"{phrase} at {text}"


def spoken_option(issue: Any, value: Any, voice: Voice | None = None) -> str:
    """Return :func:`say_option`'s words, remembered: a match says the same few options over
    and over, and the words depend only on the issue, the value and the voice."""
    try:
        return _remembered_option(issue, value, voice)
    except TypeError:  # an unhashable value (or issue): said afresh
        return say_option(issue, value, voice)


def say_option(issue: Any, value: Any, voice: Voice | None = None) -> str:
    """Return one issue's value as a character says it in mid-sentence (lower case).

    ``issue`` is an engine issue (name, and for numbers unit and format).  "Price" $400 ->
    "the price at $400"; "Points chart" "points chart" -> "a points chart" (a label that
    already names its issue is not joined to it again); "Warranty" "2 years" -> "a warranty
    of 2 years"; "Delivery" "in 2 days" -> "delivery in 2 days"; "Supplier contact" "Kai",
    said by Kai -> "me on supplier contact".

    The shapes are tried in order (:data:`_OPTION_SHAPES`); the first that fits says it.
    """
    if getattr(issue, "numeric", False):
        return _numeric(issue, value, voice)
    raw = str(value)
    label = voice.own(raw) if voice is not None else raw
    name = voice.own(issue.name) if voice is not None else issue.name
    phrase = _named(issue.name, voice)
    words = _words(label)
    if not words:
        return f"{phrase}"
    head, tail = _head(name)
    option = _Option(
        label=label,
        name=name,
        phrase=phrase,
        bare=phrase.bare,
        words=words,
        low=label.lower(),
        first=words[0].lower(),
        head=head,
        tail=tail,
        head_word=head[-1] if head else "",
    )
    for shape in _OPTION_SHAPES:
        said = shape(option)
        if said is not None:
            return said
    return f"{_with_article(label)} for {_object(phrase)}"  # "a voluntary fund for loss and damage"


_remembered_option = lru_cache(maxsize=4096)(say_option)


@dataclass(frozen=True)
class _Option:
    """One option's label and its issue's name, taken apart for :func:`spoken_option`."""

    label: str
    name: str
    phrase: IssuePhrase
    bare: str
    words: list[str]
    low: str
    first: str
    head: list[str]
    tail: list[str]
    head_word: str


def _yes_no_none(o: _Option) -> str | None:
    if o.low == "no":
        return f"not {o.phrase}"  # "Only caterer": "not the only caterer"
    if o.low in _NONE:
        if o.bare.split()[0].lower() in _PREPOSITIONS:
            return f"nothing {o.bare}"  # "For December": "nothing for December"
        return f"no {o.bare}"
    if o.low == "included":
        return f"{o.phrase} included"
    if o.low == "yes":
        return f"{o.phrase}"
    if o.bare.split()[0].lower() in _PREPOSITIONS:
        return f"{o.label} {o.bare}"  # "one free lunch day for December"
    return None


def _names_its_issue(o: _Option) -> str | None:
    if not (o.head_word and any(_same_word(w, o.head_word) for w in o.words)):
        return None
    # the label names its issue already ("points chart", "2 rounds", "no soup")
    label = o.label
    if o.tail and _same_word(o.words[-1], o.head_word):
        label = f"{label} {' '.join(o.tail)}"
    return _with_article(label) if _same_word(o.words[-1], o.head_word) else label


def _clause(o: _Option) -> str | None:
    name_words = o.name.split()
    if name_words and name_words[0].lower() in _CLAUSE_WORDS:
        # "Who pays": "rich countries only paying", "all paying by income"
        doing = _gerund(_words(o.name)[-1].lower())
        if "," in o.label:
            before, after = o.label.split(",", 1)
            return f"{before} {doing}{after}"
        return f"{o.label} {doing}"
    return None


def _who(o: _Option) -> str | None:
    words, first, label, bare = o.words, o.first, o.label, o.bare
    if first in _PERSONS and len(words) == 1 or o.low in ("both of us", "neither of us"):
        if " of " in f" {bare} ":
            return f"{bare} for {label}"  # "use of the name for both of us"
        return f"{label} on {o.phrase}"  # "you on the cooking", "me on the supplier contact"
    if first in _SUBJECTS or words[-1].lower() in ("pays", "pay"):
        if words[-1].lower() in ("pays", "pay") and len(words) <= 3:
            return f"{_with_article(label)} for {bare}"  # "co-op pays" for insurance
        return label  # a clause says it all: "you ride it over", "I collect it"
    if first in _VERB_START:
        subject = "you" if o.name.lower().startswith("your ") else "we"
        if words[-1].lower() == "turns":
            return f"{subject} {label} on {o.phrase}"  # "we take turns on the laundry"
        return f"{subject} {label}"
    return None


def _short_forms(o: _Option) -> str | None:
    words, first, label, bare = o.words, o.first, o.label, o.bare
    if len(words) == 1 and first in _QUANTIFIERS:
        return f"{label} {bare}"  # "unlimited rounds of changes"
    if first == "with":
        return label  # "with lock and lights"
    if o.low == "whenever":
        return f"{bare} whenever it suits"
    if first in ("fixed", "flexible") and issue_is_plural(label):
        return f"{label} for {_object(o.phrase)}"  # "fixed days for the schedule"
    if first in _PREPOSITION_LABEL:
        return f"{bare} {label}"  # "delivery in 2 days", "review every 5 years"
    return None


def _amounts(o: _Option) -> str | None:
    first, label, bare = o.first, o.label, o.bare
    if first[:1].isdigit() and label.endswith("%") and not _RATES & {w.lower() for w in o.head}:
        return f"{label} of {o.phrase}"  # "33% of the weir costs paid by you"
    if first[:1].isdigit() or first == "the":
        # a length: "a warranty of 2 years", "a contract of 6 months", "payment terms of 30
        # days"; or a span: "a trial for the whole autumn"
        kept = [w for w in _words(bare) if w.lower() not in _LENGTH_WORDS] or _words(bare)
        joiner = "of" if first[:1].isdigit() else "for"
        return f"{_with_article(' '.join(kept))} {joiner} {label}"
    return None


def _longer_labels(o: _Option) -> str | None:
    words, first, label, bare = o.words, o.first, o.label, o.bare
    if words[-1].lower() == "only":
        return f"the {label}"  # "the bike only", "the labels only"
    if words[0][:1].isupper() and len(words) > 1:
        return f"{bare} by {label}"  # "repairs by Veloform within 5 days"
    if len(words) >= 4:
        return _with_article(label)  # "new brake pads and a tune-up" says it all
    if first in _QUANTIFIERS and len(words) > 1 and words[1].lower() in _PREPOSITION_LABEL:
        return f"{bare} {label}"  # "payment all on delivery", "payment half up front"
    if first in _QUANTIFIERS or _possessive(words[0]) or first in _DETERMINERS:
        if " of " in f" {bare} ":
            return f"{bare} for {label}"  # "use of the name for only my truck"
        joiner = "on" if o.head_word.lower() in ("label", "labels", "box", "sign") else "for"
        return f"{label} {joiner} {_object(o.phrase)}"  # "both names on the label"
    if o.head_word.lower().endswith("s") and issue_is_plural(o.head_word) and not o.tail:
        # things of a kind ("Accessories"): "a case and keyboard", "a case, keyboard and pen"
        lead = _with_article(words[0])
        return label if lead == words[0] else f"{lead.split()[0]} {label}"
    if words[0].lower().endswith("s") and len(words) > 1:
        return f"{bare} for {label}"  # "usage for labels and web"
    return None


_OPTION_SHAPES = (
    _yes_no_none,
    _names_its_issue,
    _clause,
    _who,
    _short_forms,
    _amounts,
    _longer_labels,
)
"""How an option's label is said, tried in this order (the first that fits wins)."""


def _object(phrase: IssuePhrase) -> str:
    """Return an issue after "for" or "on": "the schedule", but "loss and damage"."""
    return phrase.bare if " and " in f" {phrase.bare} " else str(phrase)


def _gerund(verb: str) -> str:
    stem = verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb
    if stem.endswith("e") and not stem.endswith("ee"):
        stem = stem[:-1]
    return f"{stem}ing"


def join_words(parts: Iterable[str]) -> str:
    """Return a spoken list: "a", "a and b", "a, b and c" (semicolons when a part has a comma)."""
    items = [p for p in parts if p]
    if len(items) <= 1:
        return "".join(items)
    comma = "; " if any(re.search(r",\s", p) for p in items) else ", "
    last = "; and " if comma == "; " else " and "
    return comma.join(items[:-1]) + last + items[-1]


def spoken_terms(
    issues: Sequence[Any], terms: Mapping[str, Any], voice: Voice | None = None
) -> str:
    """Return a package's terms as said in mid-sentence, in the issues' order.

    Jobs given to one person go together: "you on the cooking and the dishes, me on the
    laundry", not "you on the cooking, you on the dishes".
    """
    said = [spoken_option(issue, terms[issue.id], voice) for issue in issues if issue.id in terms]
    groups: dict[str, list[str]] = {}
    parts: list[str | tuple[str, list[str]]] = []
    for text in said:
        found = _ON_WHOM.match(text)
        if found is None:
            parts.append(text)
            continue
        who, thing = found.group(1), found.group(2)
        if who not in groups:
            groups[who] = []
            parts.append((who, groups[who]))
        groups[who].append(thing)
    return join_words(
        part if isinstance(part, str) else f"{part[0]} on {join_words(part[1])}" for part in parts
    )


_ON_WHOM = re.compile(r"^(you|me|both of us|we take turns) on (.+)$")


def spoken_clause(event: str, happens: str, otherwise: str) -> str:
    """Return a contingent clause as said: "if the book sells ..., X; if not, Y"."""
    if happens and otherwise:
        return f"if {event}, {happens} - if not, {otherwise}"
    return f"if {event}, {happens or otherwise}"


def spoken_offer(negotiation: Any, offer: Any, voice: Voice | None = None) -> str:
    """Return a package (and its contingent clause) as a character says it mid-sentence.

    ``negotiation`` is the engine's negotiation (its space's issues and its events).
    """
    issues = negotiation.space.issues
    text = spoken_terms(issues, offer.terms, voice)
    clause = offer.clause
    if clause is None:
        return text
    event = negotiation.event(clause.event_id)
    said = spoken_clause(
        event.description,
        spoken_terms(issues, clause.if_happens, voice),
        spoken_terms(issues, clause.otherwise, voice),
    )
    return f"{text}, and {said}" if text else said


def plain_phrase(name: str) -> IssuePhrase:
    """Return an issue name (or the level's phrase for it, "el sueldo") for a line in a
    language other than English: as written, with its first letter in lower case, no
    article added and no verb agreement."""
    text = name[:1].lower() + name[1:] if name[1:2].islower() else name
    phrase = str.__new__(IssuePhrase, text)
    phrase.bare, phrase.plural, phrase.article = text, False, False
    return phrase


def plain_offer(issues: Sequence[Any], offer: Any) -> str:
    """Return a package for a line in a language other than English, from the issues as
    the players read them: the value alone when one issue is decided, else each issue's
    name and value ("precio por camiseta $14, entrega en 3 semanas")."""

    def terms(outcome: Any) -> str:
        given = [i for i in issues if i.id in outcome]
        if len(given) == 1:
            return said_value(given[0], outcome[given[0].id])
        return ", ".join(f"{plain_phrase(i.name)} {said_value(i, outcome[i.id])}" for i in given)

    text = terms(offer.terms)
    if offer.clause is not None:  # the clause's two branches, in the order they apply
        text = "; ".join(
            t for t in (text, terms(offer.clause.if_happens), terms(offer.clause.otherwise)) if t
        )
    return text
