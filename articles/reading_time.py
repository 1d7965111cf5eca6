"""How long a body takes to read, counting Latin-script words and Chinese or Japanese characters alike."""

import math
import re

# Han and kana: these scripts are read character by character, not word by word.
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"\w+(?:['’.,-]\w+)*")
WORDS_PER_MINUTE = 230
CJK_CHARACTERS_PER_MINUTE = 400


def measure(text):
    """(word count, reading minutes) for `text`.

    Each Chinese or Japanese character counts as a word. Minutes are rounded up, so any text at all takes at least
    one and an empty body none.
    """
    characters = len(CJK_CHARACTER.findall(text))
    words = len(WORD.findall(CJK_CHARACTER.sub(" ", text)))
    return words + characters, math.ceil(words / WORDS_PER_MINUTE + characters / CJK_CHARACTERS_PER_MINUTE)
