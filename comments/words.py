"""
Whole-word matching for the moderation word lists, in any script.

A listed word matches where it stands as a word of its own, whatever its case or width ("Casino",
"ＣＡＳＩＮＯ"), so "press" does not match inside "WordPress" and "ass" not inside "class". A list entry may be
a phrase ("buy now"); runs of spaces and line breaks count as one space.

Chinese, Japanese, Thai and a few other scripts are written without spaces between words, and where their
words end cannot be told without a dictionary. At an edge of a listed word written in one of them, the
neighbour does not matter: "赌场" matches inside "网上赌场开业". A Latin word next to such a script stands
apart too: "casino" matches in "我爱casino游戏", as readers see it.
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

# Scripts written without spaces between words, as (first, last) code points, in order.
UNSPACED_SCRIPTS = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x0F00, 0x0FFF),  # Tibetan
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK and Kangxi radicals
    (0x3005, 0x3007),  # ideographic iteration mark, closing mark, number zero
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),  # Katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x3FFFF),  # CJK Unified Ideographs Extensions B onwards
)
_STARTS = [first for first, _last in UNSPACED_SCRIPTS]
WHITESPACE = re.compile(r"\s+")


def normalise(text):
    """Compatibility-composed, case-folded, one space between words: how both the lists and texts are compared."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return WHITESPACE.sub(" ", folded).strip()


def _unspaced(char):
    index = bisect_right(_STARTS, ord(char)) - 1
    return index >= 0 and ord(char) <= UNSPACED_SCRIPTS[index][1]


def _joins(char):
    """Whether `char` continues a word of a script that puts spaces between words (letters, digits, marks)."""
    return (char.isalnum() or unicodedata.category(char).startswith("M")) and not _unspaced(char)


def _stands_apart(text, start, end):
    """Whether text[start:end] is not part of a longer word around it."""
    word = text[start:end]
    before_ok = not _joins(word[0]) or start == 0 or not _joins(text[start - 1])
    after_ok = not _joins(word[-1]) or end == len(text) or not _joins(text[end])
    return before_ok and after_ok


def contains_word(text, word):
    """Whether the normalised `word` stands as a whole word in the normalised `text`."""
    if not word:
        return False
    start = text.find(word)
    while start != -1:
        if _stands_apart(text, start, start + len(word)):
            return True
        start = text.find(word, start + 1)
    return False


@dataclass(frozen=True)
class WordList:
    """A word list as an administrator wrote it, one entry a line, ready to match."""

    entries: tuple  # (as written, normalised), duplicates and blank lines left out

    @classmethod
    def parse(cls, text):
        entries, seen = [], set()
        for line in (text or "").splitlines():
            written, normalised = line.strip(), normalise(line)
            if normalised and normalised not in seen:
                seen.add(normalised)
                entries.append((written, normalised))
        return cls(tuple(entries))

    def __bool__(self):
        return bool(self.entries)

    def __len__(self):
        return len(self.entries)

    def first_found(self, *texts):
        """The first entry (as written) found as a whole word in any of `texts`, or None."""
        normalised = [normalise(text) for text in texts if text]
        for written, word in self.entries:
            if any(contains_word(text, word) for text in normalised):
                return written
        return None
