"""A small reader for gettext .po files, so the tests need no gettext tools."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict = field(default_factory=dict)  # plural index (0 for a singular entry) -> text
    flags: set = field(default_factory=set)
    obsolete: bool = False


def read_po(path):
    entries, entry, target = [], Entry(), None
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if target:
                entries.append(entry)
            entry, target = Entry(), None
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        if match := KEYWORD.match(line):
            keyword, index, text = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            target = (keyword, int(index or 0))
        else:
            text = ast.literal_eval(line)  # a continuation line
        keyword, index = target
        if keyword == "msgstr":
            entry.msgstr[index] = entry.msgstr.get(index, "") + text
        else:
            setattr(entry, keyword, (getattr(entry, keyword) or "") + text)
    if target:
        entries.append(entry)
    return entries


def compiled_catalog(entries):
    """What msgfmt puts in the .mo, in the shape gettext.GNUTranslations reads it back: no fuzzy, obsolete
    or untranslated entries; context joined to the id with EOT; plural forms keyed by (msgid, index)."""
    catalog = {}
    for entry in entries:
        if entry.obsolete or ("fuzzy" in entry.flags and entry.msgid) or not any(entry.msgstr.values()):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            catalog[key] = entry.msgstr[0]
        else:
            catalog.update({(key, index): text for index, text in entry.msgstr.items()})
    return catalog


def placeholders(text):
    """The %-style and {}-style placeholders a translation must keep."""
    return sorted(re.findall(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdif]|\{\w+\}", text))
