"""Notice crisis language in what people write: risk to self, danger from someone, distress."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas

KINDS = ("self", "danger", "distress")
MAX_CHARACTERS = 6000  # after normalising, so text that grows under NFKC is still bounded
MAX_WORD = 30  # longer "words" are not lemmatised (nothing in the patterns is that long)
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
CONTRACTIONS = (
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bain't\b"), "am not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), " is"),
)
SENTENCE_BREAK = re.compile(r"[.!?;:()\[\]\n\r\t\"]+|\s-+\s")
# Words that join clauses: a negation, or the subject of a sentence, does not reach past them.
JOINERS = frozenset(
    [
        "and",
        "but",
        "because",
        "cause",
        "though",
        "although",
        "however",
        "yet",
        "whereas",
        "while",
        "or",
        "plus",
        ",",
    ]
)
WORD = re.compile(r"[a-z0-9]+|,")  # a comma stays, as a word that ends a clause
LEMMA_PREFERENCE = ("VERB", "NOUN", "ADJ", "ADV")
NEGATION_WINDOW = 5  # words before a match, within its clause, where a negator denies it


@dataclass(frozen=True, slots=True)
class Trigger:
    """One pattern, and the words a match of it can start with (None: it could start anywhere)."""

    pattern: re.Pattern[str]
    first_words: frozenset[str] | None


@dataclass(frozen=True, slots=True)
class Kind:
    triggers: tuple[Trigger, ...]
    exclusions: re.Pattern[str] | None


@dataclass(frozen=True, slots=True)
class Detector:
    spellings: re.Pattern[str]
    spelled: dict[str, str]
    keep: frozenset[str]
    lemmas: dict[str, str]
    negators: frozenset[str]
    breakers: frozenset[str]
    first_person: frozenset[str]
    third_person: frozenset[str]
    kinds: dict[str, Kind]
    everywhere: re.Pattern[str] | None

    def prepare(self, text: str) -> list[str]:
        """Return the text's sentences (split at punctuation), as dictionary forms of its words."""
        plain = unicodedata.normalize("NFKC", text)[:MAX_CHARACTERS].lower().translate(APOSTROPHES)
        for pattern, opened in CONTRACTIONS:
            plain = pattern.sub(opened, plain)
        plain = plain.replace("'", "")
        plain = re.sub(r"([a-z])\1{2,}", r"\1\1", plain)  # sooo -> soo
        plain = self.spellings.sub(lambda match: self.spelled[match[0]], plain)
        clauses = []
        for clause in SENTENCE_BREAK.split(plain):
            words = [self.lemma(word) for word in _without_repeats(WORD.findall(clause))]
            if words:
                clauses.append(" ".join(words))
        return clauses

    def lemma(self, word: str) -> str:
        """Return a word's dictionary form, unless it is one to keep as written."""
        if word in self.keep or len(word) > MAX_WORD:
            return word
        return self.lemmas.get(word) or _lemma(word)

    def detect(self, text: str) -> list[str]:
        """Return the kinds of crisis language in a text, most urgent first."""
        sentences = self.prepare(text)
        return [
            name
            for name in KINDS
            if any(self._sentence_says(name, sentence) for sentence in sentences)
        ]

    def _sentence_says(self, name: str, sentence: str) -> bool:
        """Tell whether a sentence holds a match of this kind that nothing in its clause undoes."""
        kind = self.kinds[name]
        words = set(sentence.split())
        for match in _matches(kind, sentence, words):
            opens_clause = match[0].split()[0] in SCOPE_ENDS  # "if I wasn't here": its own clause
            earlier = [] if opens_clause else sentence[: match.start()].split()
            before = _own_clause(earlier)
            if self._negated(_own_clause(earlier, NEGATION_ENDS)):
                continue
            if name == "self" and not self._first_person(before, match[0].split()):
                continue
            around = _clause_around(sentence, match.start(), match.end())
            if kind.exclusions and kind.exclusions.search(around):
                continue
            if self.everywhere and self.everywhere.search(around):
                continue
            return True
        return False

    def _negated(self, before: list[str]) -> bool:
        """Tell whether a negator shortly before, in the same clause, denies what follows it."""
        before = before[-NEGATION_WINDOW:]
        for index, word in enumerate(before):
            if word in self.negators:
                following = before[index + 1] if index + 1 < len(before) else ""
                if following not in self.breakers:
                    return True
        return False

    def _first_person(self, before: list[str], matched: list[str]) -> bool:
        """Tell whether the words are the writer's own, not someone else's reported."""
        if {"me", "my", "myself", "i"} & set(matched):
            return True
        for word in reversed(before):
            if word in self.first_person:
                return True
            if word in self.third_person:
                return False
        return True


def _matches(kind: Kind, sentence: str, words: set[str]) -> Iterator[re.Match[str]]:
    """Yield the kind's matches, trying only patterns that could start with a word present."""
    for trigger in kind.triggers:
        if trigger.first_words is None or not trigger.first_words.isdisjoint(words):
            yield from trigger.pattern.finditer(sentence)


JOINER_WORD = re.compile(r"\b(?:" + "|".join(sorted(JOINERS - {","})) + r")\b|,")


def _clause_around(sentence: str, start: int, end: int) -> str:
    """Return the clauses a match spans: from the joining word before it to the one after it."""
    before = [found.end() for found in JOINER_WORD.finditer(sentence, 0, start)]
    after = JOINER_WORD.search(sentence, end)
    return sentence[before[-1] if before else 0 : after.start() if after else len(sentence)]


def _without_repeats(words: list[str]) -> list[str]:
    """Drop a word said again straight after itself ("no no no"): it adds nothing but work."""
    return [word for index, word in enumerate(words) if index == 0 or words[index - 1] != word]


# A negation does not reach into a clause that begins with these either: "nothing would change
# if I wasn't here" denies the change, not the wish.
SCOPE_ENDS = JOINERS | {"if", "unless", "whether"}


# "He has never hit me or threatened me": a negation carries on past "or" and "nor".
NEGATION_ENDS = SCOPE_ENDS - {"or", "nor"}


def _own_clause(words: list[str], ends: frozenset[str] = SCOPE_ENDS) -> list[str]:
    """Return the words of the last clause: those after the last word that ends one."""
    for index in range(len(words) - 1, -1, -1):
        if words[index] in ends:
            return words[index + 1 :]
    return words


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    """Return a word's dictionary form, preferring it as a verb: "living" is live, "bit" bite."""
    forms = getAllLemmas(word)
    for part in LEMMA_PREFERENCE:
        if part in forms:
            return str(forms[part][0])
    return word
