"""Issue names inside sentences: the article, lower case, and the verb that agrees.

Levels name issues as labels ("Accessories", "Who pays", "Kestria's tariff on cars",
"Days a week").  A sentence needs more: "the accessories matter", "who pays matters",
"Kestria's tariff on cars matters".  Every line that puts an issue name into a sentence
goes through these functions (and :func:`game.npc.dialogue.fill` applies them to the
``{issue}``-like placeholders), so one rule decides them all.
"""

from __future__ import annotations

__all__ = ["IssuePhrase", "agree", "issue_is_plural", "issue_phrase", "sentence_name"]

_CLAUSE_WORDS = frozenset(
    {"who", "what", "when", "where", "how", "which", "whether", "why", "if"}
)
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

    def __new__(cls, name: str) -> IssuePhrase:
        bare = sentence_name(name)
        article = not _bare_start(name)
        phrase = super().__new__(cls, f"the {bare}" if article else bare)
        phrase.bare = bare
        phrase.plural = issue_is_plural(name)
        phrase.article = article
        return phrase


def issue_phrase(name: str) -> IssuePhrase:
    """Return an issue name ready for a sentence: "the accessories", "who pays"."""
    return IssuePhrase(name)


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
