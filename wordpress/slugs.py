"""
Slugs for imported records. Addresses here are ASCII (the URL patterns take ASCII slugs), so a WordPress slug
in another script is transliterated, readably: Chinese and Korean syllables become separate words
("中文报道" → "zhong-wen-bao-dao"), accents are dropped ("café" → "cafe").
"""

import re
import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

# Scripts written without spaces whose characters are syllables: each becomes a word of its own.
SYLLABIC = ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH", "HANGUL SYLLABLE")


def _transliterate(character):
    if character.isascii():
        return character
    latin = anyascii(character)
    if unicodedata.name(character, "").startswith(SYLLABIC):
        return f" {latin} "
    return latin


def readable_slug(text, max_length):
    """`text` (decoded) as an ASCII slug of at most `max_length` characters, cut at a hyphen; may be empty."""
    slug = slugify("".join(_transliterate(character) for character in text))
    if len(slug) > max_length:
        slug = slug[:max_length]
        slug = slug.rsplit("-", 1)[0] if "-" in slug else slug
    return slug.strip("-")


def numbered(slug, number, max_length):
    """The `number`th variant of a taken slug: "slug-2", cut to fit."""
    suffix = f"-{number}"
    return re.sub(r"-+$", "", slug[: max_length - len(suffix)]) + suffix
