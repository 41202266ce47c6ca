"""Find a reflection's own claims: plain statements about how things are that the document
does not make. Each reflection holding one needs a `fidelity` note saying how and why."""

from __future__ import annotations

import re
from functools import cache

from reflections.document import Document
from reflections.library import Reflection
from reflections.similarity import content_words

SENTENCE = re.compile(r"(?<=[.!?])\s+")
# Sentences that speak to the reader, or hedge, invite rather than assert.
SPOKEN_TO = re.compile(r"\b(you|your|yours|yourself|you're|you've|you'd|you'll)\b", re.I)
HEDGED = re.compile(
    r"\b(may|might|can|could|often|many|some|sometimes|perhaps|if|whether|allowed|fine"
    r"|hope|natural|understandable|makes sense)\b",
    re.I,
)
MIN_WORDS = 3  # shorter sentences ("That matters.") carry no claim of their own
QUOTED_SHARE = 0.5  # a sentence sharing this share of its words with the document restates it


@cache
def _document_words(text: str) -> frozenset[str]:
    return content_words(text)


def own_claims(reflection: Reflection, document: Document) -> list[str]:
    """Return the body's sentences that assert something the document does not say."""
    known = _document_words(document.text)
    found = []
    for sentence in SENTENCE.split(" ".join(reflection.body.split())):
        if sentence.endswith("?") or SPOKEN_TO.search(sentence) or HEDGED.search(sentence):
            continue
        words = content_words(sentence)
        if len(words) >= MIN_WORDS and len(words & known) / len(words) < QUOTED_SHARE:
            found.append(sentence)
    return found


def unnoted(reflection: Reflection, document: Document) -> list[str]:
    """Return the reflection's own claims if it has no fidelity note covering them."""
    return [] if reflection.fidelity else own_claims(reflection, document)
