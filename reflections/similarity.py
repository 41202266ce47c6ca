"""Find reflections that say nearly the same thing: a word-overlap measure, with a threshold."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas

from reflections.library import Library, Reflection

# Bodies (or prompts) sharing this share of the shorter one's content words, and at least
# MIN_SHARED of them, are flagged: a short prompt shares one or two words with many others.
THRESHOLDS = {"body": 0.35, "prompt": 0.5}
MIN_SHARED = 3
COMMON_WORDS = (
    "a an the and or but if of to in on at for with without is are was were be been being it "
    "its that this those these you your yourself i me my we our they their them he she his her "
    "as by from so not no can could would should may might will just more most some any all what "
    "when where who how which than then there here too very also about into over only even own "
    "do does did have has had get got make made feel felt one someone something thing things "
    "perhaps often still like right long big happen way take time know need want say see look go "
    "come lot little small"
)
COMMON = frozenset(COMMON_WORDS.split())
WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class SimilarPair:
    field: str  # "body" or "prompt"
    first: Reflection
    second: Reflection
    overlap: float


def similar_pairs(library: Library) -> list[SimilarPair]:
    """Return every pair of bodies, and of prompts, that overlap past their threshold."""
    found = []
    for first, second in itertools.combinations(library.reflections, 2):
        for field, threshold in THRESHOLDS.items():
            a = getattr(first, field)
            b = getattr(second, field)
            if a and b and (share := overlap(a, b)) >= threshold:
                found.append(SimilarPair(field, first, second, share))
    return found


def overlap(first: str, second: str) -> float:
    """Return the share of the shorter text's content words that the other also uses.

    Fewer than MIN_SHARED words in common counts as no overlap at all.
    """
    a = content_words(first)
    b = content_words(second)
    shared = len(a & b)
    return shared / min(len(a), len(b)) if shared >= MIN_SHARED else 0.0


@lru_cache(maxsize=1024)
def content_words(text: str) -> frozenset[str]:
    """Return the dictionary forms of a text's words, leaving out the commonest ones."""
    lemmas = (_lemma(word) for word in WORD.findall(text.lower().replace("’", "'")))
    return frozenset(w for w in lemmas if w not in COMMON and len(w) > 2)


@lru_cache(maxsize=8192)
def _lemma(word: str) -> str:
    forms = getAllLemmas(word)
    for part in ("VERB", "NOUN", "ADJ", "ADV"):
        if part in forms:
            return str(forms[part][0])
    return word
