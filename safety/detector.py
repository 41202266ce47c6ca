"""Notice crisis language in what people write: risk to self, danger from someone, distress."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from config.datafiles import ContentError, Problem, misshapen, read_yaml

CRISIS_FILE = Path(__file__).with_name("crisis.yaml")
SUBJECT = "The crisis phrases"
KINDS = ("self", "danger", "distress")
APOSTROPHES = str.maketrans({"’": "", "‘": "", "'": "", "`": "", "´": ""})
NEGATION_WINDOW = 3
CONTRACTIONS = re.compile(r"'(ll|ve|re|d)\b")
OPENED = {"ll": "will", "ve": "have", "re": "are", "d": "would"}


@dataclass(frozen=True, slots=True)
class Kind:
    patterns: tuple[re.Pattern[str], ...]
    exclusions: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class Detector:
    spellings: dict[str, str]
    negators: frozenset[str]
    kinds: dict[str, Kind]

    def normalise(self, text: str) -> str:
        """Lower-case, strip apostrophes and punctuation, shorten repeats, fix spellings."""
        plain = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
        plain = CONTRACTIONS.sub(lambda match: " " + OPENED[match[1]], plain)
        plain = plain.translate(APOSTROPHES)
        plain = re.sub(r"[^\w\s]|_", " ", plain)
        plain = re.sub(r"(\w)\1{2,}", r"\1\1", plain)
        words = " ".join(plain.split())
        for wrong, right in self.spellings.items():
            words = re.sub(rf"\b{re.escape(wrong)}\b", right, words)
        return words

    def detect(self, text: str) -> list[str]:
        """Return the kinds of crisis language in a text, most urgent first."""
        plain = self.normalise(text[:5000])
        return [name for name in KINDS if self._matches(self.kinds[name], plain)]

    def _matches(self, kind: Kind, plain: str) -> bool:
        if any(exclusion.search(plain) for exclusion in kind.exclusions):
            return False
        for pattern in kind.patterns:
            for match in pattern.finditer(plain):
                before = plain[: match.start()].split()[-NEGATION_WINDOW:]
                if not self.negators.intersection(before):
                    return True
        return False


@cache
def load_detector(path: Path = CRISIS_FILE) -> Detector:
    """Load the phrase patterns, naming any that will not compile."""
    data = read_yaml(path, SUBJECT)
    try:
        kinds = {
            name: Kind(
                patterns=tuple(re.compile(p) for p in data["kinds"][name]["patterns"]),
                exclusions=tuple(re.compile(p) for p in data["kinds"][name].get("not") or []),
            )
            for name in KINDS
        }
        spellings = {str(k).lower(): str(v).lower() for k, v in data["spellings"].items()}
        negators = frozenset(str(word).lower() for word in data["negators"])
    except re.error as error:
        message = f"the pattern {error.pattern!r} is not valid ({error})"
        raise ContentError([Problem(path, None, None, message)], SUBJECT) from None
    except (KeyError, TypeError, AttributeError) as error:
        raise misshapen(path, SUBJECT, error) from None
    return Detector(spellings, negators, kinds)
