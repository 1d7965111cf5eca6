"""What an import did, counted per kind, with what it left out and why."""

from collections import Counter
from dataclasses import dataclass, field

KINDS = ("users", "authors", "sections", "topics", "images", "articles", "pages", "comments", "redirects")
# How many missing files and notes are listed by name; the rest are counted.
LISTED = 20


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class Report:
    dry_run: bool = False
    tallies: dict = field(default_factory=lambda: {kind: Tally() for kind in KINDS})
    skipped: Counter = field(default_factory=Counter)  # reason → count
    missing_files: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    def count(self, kind, outcome, number=1):
        """outcome: "added", "updated" or "unchanged"."""
        tally = self.tallies[kind]
        setattr(tally, outcome, getattr(tally, outcome) + number)

    def skip(self, reason, count=1):
        self.skipped[reason] += count

    def note(self, text):
        self.notes.append(text)

    def lines(self):
        heading = "Dry run: nothing was written. The import would give:" if self.dry_run else "Imported:"
        yield heading
        for kind in KINDS:
            yield f"  {kind:<10} {self.tallies[kind]}"
        if self.skipped:
            yield "Skipped:"
            for reason, count in sorted(self.skipped.items()):
                yield f"  {count} × {reason}"
        if self.missing_files:
            yield f"Image files not found under --uploads ({len(self.missing_files)}):"
            yield from _listed(self.missing_files)
        if self.notes:
            yield f"Notes ({len(self.notes)}):"
            yield from _listed(self.notes)


def _listed(items):
    for item in items[:LISTED]:
        yield f"  - {item}"
    if len(items) > LISTED:
        yield f"  … and {len(items) - LISTED} more"
