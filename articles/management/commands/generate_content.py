"""
A large, realistic archive for measuring the site (`make bench`): sections, authors, topics, published
articles with bodies prepared as the save path prepares them, threaded comments in every status, the search
index and the stored comment threads, all written with bulk inserts.

The same seed gives the same content. Running it again adds as many articles and comments again; the
sections, authors and topics are shared, and the long article (the benchmark's article with 50 approved
comments in threads) is made once.
"""

import itertools
import random
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from articles import demo_data
from articles.body import prepare_body
from articles.models import Article, Author, Byline, Section, Topic
from articles.search_index import update_search_index
from caching import events
from comments import threads
from comments.models import Comment

BATCH = 2000
# Articles whose comments are made, their search entries written and their threads stored, per transaction.
CHUNK = 5000
# Stored threads rendered by the command; the others are rendered when first read (comments/threads.py).
RENDERED_THREADS = 1000
LONG_ARTICLE_SLUG = "ports-plug-in-shore-power"
LONG_ARTICLE_COMMENTS = 50
EXTRA_SECTIONS = ["Politics", "Culture", "Sport", "Opinion", "Health", "Environment", "Cities", "Education"]
FIRST_NAMES = [
    "Ada", "Ben", "Chloé", "Dmitri", "Esra", "Farid", "Greta", "Hana", "Ivan", "Jun", "Kofi", "Lena",
    "Malik", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen",
    "Ximena", "Yusuf", "Zofia", "Amara", "Bruno", "Carmen", "Diego",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Lindqvist", "Moreau", "Tanaka", "Haddad", "Kowalski", "Novak", "Ferreira", "Brennan",
    "Castillo", "Dubois", "Eriksen", "Fischer", "Gallo", "Horvat", "Ibrahim", "Jensen", "Kaur", "Larsen",
    "Mendes", "Nakamura", "Olsen", "Petrov", "Quinn", "Rossi", "Sato", "Varga", "Weber", "Yilmaz",
]  # fmt: skip
SUBJECTS = [
    "Port authority", "City council", "Regulators", "Chip makers", "Farmers", "Rail operators",
    "Scientists", "Central bank", "Teachers", "Hospitals", "Shipping lines", "Start-ups", "Ministers",
    "Fishing crews", "Energy firms", "Museums", "Unions", "Airlines",
]  # fmt: skip
VERBS = [
    "weigh", "approve", "reject", "delay", "fund", "test", "expand", "review", "question", "back",
    "pause", "rethink", "launch", "cut", "defend",
]  # fmt: skip
OBJECTS = [
    "new tariffs", "a wind farm plan", "the harbour expansion", "night trains", "a coral survey",
    "rent caps", "a chip plant", "river flood barriers", "the school calendar", "solar subsidies",
    "a data centre", "cross-border grids", "fishing quotas", "a four-day week", "battery recycling",
    "the ferry timetable", "hydrogen buses", "a satellite launch",
]  # fmt: skip
# Invented place names: each is in the headlines of about one article in a thousand, so searching for one
# finds few articles, where the words of the bodies find thousands.
SYLLABLES = [
    "bar", "ven", "kol", "mar", "dris", "tal", "orn", "hel", "qua", "sen", "vik", "lun", "pet", "ros",
    "gar", "nim",
]  # fmt: skip
PLACES = [f"{a}{b}{c}".capitalize() for a, b, c in itertools.product(SYLLABLES, SYLLABLES, SYLLABLES[:4])]
TOPIC_NAMES = [name for name, _slug in demo_data.TOPICS] + [
    "Elections", "Housing", "Transport", "Oceans", "Agriculture", "Football", "Cinema", "Music",
    "Universities", "Taxes", "Migration", "Privacy", "Batteries", "Rail", "Aviation", "Water", "Forests",
    "Public health", "Startups", "Pensions", "Tourism", "Fisheries", "Wildlife", "Ports", "Bridges",
    "Museums", "Literature", "Courts", "Police", "Budgets", "Inflation", "Banking", "Cycling", "Weather",
]  # fmt: skip
COMMENT_LINES = [
    "Thanks for explaining this so clearly.",
    "I live near the harbour and the difference at night is real.",
    "Who pays for this in the end? The article does not say.",
    "The numbers in the third paragraph look low to me.",
    "We tried something similar in our town ten years ago; it worked until the money ran out.",
    "Good reporting. Please follow up in a year.",
    "I disagree with the conclusion, but the facts are well laid out.",
    "Is there a source for the figure on costs?",
    "My grandfather worked on the docks; he would not recognise them now.",
    "This is the first piece I have read that talks to the people affected.",
]
# About twenty thousand readers, each commenting a few dozen times in a million comments.
COMMENTERS = [
    (f"{first} {last}", f"{slugify(first)}.{slugify(last)}.{number}@example.org")
    for first, last, number in itertools.product(FIRST_NAMES, LAST_NAMES, range(25))
]
# Share of comments in each status; replies go to approved comments only, as the comment form allows.
STATUSES = [
    (Comment.Status.APPROVED, 90),
    (Comment.Status.PENDING, 4),
    (Comment.Status.SPAM, 5),
    (Comment.Status.REMOVED, 1),
]
# Share of articles in each status besides published.
OTHER_ARTICLE_STATUSES = [
    (Article.Status.DRAFT, 2),
    (Article.Status.IN_REVIEW, 1),
    (Article.Status.UNPUBLISHED, 1),
    (Article.Status.PUBLISHED, 96),
]


class Progress:
    """One line on standard error, redrawn in place: what is being made, how far, and for how long."""

    def __init__(self, label, total, stream=sys.stderr):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done, self.started = 0, time.monotonic()
        self.tty = stream.isatty()
        self.draw()

    def advance(self, count):
        self.done += count
        self.draw()

    def draw(self):
        if not self.tty and self.done < self.total:
            return
        share = min(self.done / self.total, 1)
        bar = "#" * int(share * 30)
        self.stream.write(
            f"\r{self.label:<16} [{bar:<30}] {self.done:>10,}/{self.total:,} "
            f"{time.monotonic() - self.started:6.1f} s"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


@contextmanager
def given_creation_times(*models):
    """Let bulk_create keep the creation times generated rows bring, where auto_now_add would stamp now."""
    fields = [model._meta.get_field("created_at") for model in models]
    for field in fields:
        field.auto_now_add = False
    try:
        yield
    finally:
        for field in fields:
            field.auto_now_add = True


class Command(BaseCommand):
    help = "Add a large generated archive (articles, threaded comments) for benchmarks, with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000, help="Articles to add (default 1,000).")
        parser.add_argument("--comments", type=int, default=10000, help="Comments to add (default 10,000).")
        parser.add_argument(
            "--seed", type=int, default=14, help="Random seed: the same seed, the same content."
        )

    def handle(self, *args, articles, comments, seed, **options):
        if articles < 1 or comments < 0:
            raise CommandError("--articles must be 1 or more and --comments 0 or more.")
        self.random = random.Random(seed)
        self.now = timezone.now()
        started = time.monotonic()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Generated rows can be made again: no commit of this session waits for the disk.
                cursor.execute("SET synchronous_commit TO off")
        with given_creation_times(Article, Comment):
            sections, authors, topics = self.make_taxonomy()
            bodies = self.make_bodies(min(articles, 200))
            article_ids = self.make_articles(articles, sections, authors, topics, bodies)
            long_id = self.make_long_article(sections["world"], authors, topics)
            self.make_comments(article_ids, comments)
            if long_id is not None:
                self.comment_long_article(long_id)
        self.index_and_store_threads(article_ids + ([long_id] if long_id else []))
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner, and the rows the search index rewrote cleared away (VACUUM
            # runs outside a transaction only).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for model in (Article, Article.topics.through, Byline, Comment):
                    cursor.execute(f"{command} {model._meta.db_table}")
        events.content_changed("generated content added")
        self.stdout.write(
            f"Generated {len(article_ids):,} articles and {comments:,} comments in "
            f"{time.monotonic() - started:.0f} s."
        )

    def make_taxonomy(self):
        names = [name for name, _slug, _text in demo_data.SECTIONS] + EXTRA_SECTIONS
        Section.objects.bulk_create(
            [
                Section(name=name, slug=slugify(name), position=position)
                for position, name in enumerate(names)
            ],
            ignore_conflicts=True,
        )
        people = [f"{first} {last}" for first, last in itertools.product(FIRST_NAMES, LAST_NAMES)]
        self.random.shuffle(people)
        Author.objects.bulk_create(
            [
                Author(name=name, slug=slugify(name), bio=f"{name} reports for the newsroom.")
                for name in people[:200]
            ],
            ignore_conflicts=True,
        )
        Topic.objects.bulk_create(
            [Topic(name=name, slug=slugify(name)) for name in TOPIC_NAMES], ignore_conflicts=True
        )
        return (
            {section.slug: section for section in Section.objects.all()},
            list(Author.objects.order_by("pk")),
            list(Topic.objects.order_by("pk")),
        )

    def make_bodies(self, count):
        """Bodies as an editor's widget saves them, prepared once each by the save path's own function."""
        paragraphs = [paragraph for row in demo_data.ARTICLES for paragraph in row[7]]
        bodies = []
        for _ in range(count):
            parts = []
            for section in range(self.random.randint(2, 4)):
                parts.append(f"<h2>{self.random.choice(OBJECTS).capitalize()}, part {section + 1}</h2>")
                parts += [f"<p>{p}</p>" for p in self.random.sample(paragraphs, self.random.randint(2, 4))]
            bodies.append(prepare_body("".join(parts)))
        return bodies

    def headline(self, number):
        words = (self.random.choice(SUBJECTS), self.random.choice(VERBS), self.random.choice(OBJECTS))
        return f"{PLACES[number % len(PLACES)]}: {' '.join(words)}"

    def make_articles(self, count, sections, authors, topics, bodies):
        section_list = list(sections.values())
        statuses, weights = zip(*OTHER_ARTICLE_STATUSES, strict=True)
        first = Article.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        # Spread over five years, the newest a few minutes old; a few are scheduled for the coming days.
        span = timedelta(days=5 * 365).total_seconds()
        progress = Progress("articles", count)
        ids = []
        for start in range(0, count, BATCH):
            rows = []
            for number in range(first + start, first + min(start + BATCH, count)):
                body = self.random.choice(bodies)
                headline = self.headline(number)
                status = self.random.choices(statuses, weights)[0]
                published_at = self.now - timedelta(seconds=300 + self.random.random() * span)
                if status == Article.Status.PUBLISHED and self.random.random() < 0.001:
                    published_at = self.now + timedelta(hours=self.random.randint(1, 72))
                rows.append(
                    Article(
                        headline=headline,
                        slug=f"{slugify(headline)[:200]}-{number}",
                        standfirst=self.random.choice(demo_data.ARTICLES)[6],
                        body=body.html,
                        toc=body.toc,
                        word_count=body.word_count,
                        reading_minutes=body.reading_minutes,
                        section=self.random.choice(section_list),
                        status=status,
                        published_at=None if status == Article.Status.DRAFT else published_at,
                        featured=self.random.random() < 0.01,
                        created_at=published_at,
                    )
                )
            with transaction.atomic():
                made = Article.objects.bulk_create(rows)
                self.link(made, authors, topics)
            ids += [article.pk for article in made]
            progress.advance(len(rows))
        return ids

    def link(self, articles, authors, topics):
        Byline.objects.bulk_create(
            Byline(article=article, author=author, position=position)
            for article in articles
            for position, author in enumerate(self.random.sample(authors, self.random.choice((1, 1, 1, 2))))
        )
        Article.topics.through.objects.bulk_create(
            Article.topics.through(article=article, topic=topic)
            for article in articles
            for topic in self.random.sample(topics, self.random.randint(1, 4))
        )

    def make_long_article(self, section, authors, topics):
        """The long demo article, once, published an hour ago and featured: the page the benchmark reads."""
        if Article.objects.filter(section=section, slug=LONG_ARTICLE_SLUG).exists():
            return None
        entry = demo_data.LONG_ARTICLE
        article = Article(
            headline=entry["headline"],
            slug=LONG_ARTICLE_SLUG,
            standfirst=entry["standfirst"],
            section=section,
            featured=True,
            created_at=self.now,
        )
        article.set_body(entry["body"])
        article.publish(at=self.now - timedelta(hours=1))
        article.save()
        self.link([article], authors, topics)
        return article.pk

    def make_comments(self, article_ids, count):
        """
        `count` comments over the published articles, a few articles drawing most of them, as on a news
        site; each thread starts with top-level comments and goes up to three levels deep.
        """
        published = list(
            Article.objects.published()
            .filter(pk__range=(min(article_ids), max(article_ids)))
            .values_list("pk", "published_at")
        )
        if not published or not count:
            return
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(published))]
        self.random.shuffle(weights)
        counts = {}
        for index in self.random.choices(range(len(published)), weights, k=count):
            counts[index] = counts.get(index, 0) + 1
        progress = Progress("comments", count)
        items = sorted(counts.items())
        for start in range(0, len(items), CHUNK):
            chunk = [(published[index], number) for index, number in items[start : start + CHUNK]]
            with transaction.atomic():
                made = self.comment_threads(chunk)
            progress.advance(made)

    def comment_threads(self, articles, all_approved=False):
        """Comments on each (article id, published_at) in `articles`, level by level; returns how many."""
        statuses, weights = zip(*STATUSES, strict=True)
        levels = [[], [], []]
        for (article_id, published_at), number in articles:
            # A little over half start a thread; the rest answer a comment one level up.
            top = max(1, round(number * 0.55))
            depth_one = (number - top) * 2 // 3
            for depth, size in enumerate((top, depth_one, number - top - depth_one)):
                levels[depth] += [(article_id, published_at)] * size
        made = 0
        parents = {}
        for depth, level in enumerate(levels):
            rows = []
            for article_id, published_at in level:
                # A reply whose thread has no approved comment to answer starts a thread of its own.
                candidates = parents.get(article_id) if depth else None
                parent = self.random.choice(candidates) if candidates else None
                status = (
                    Comment.Status.APPROVED if all_approved else self.random.choices(statuses, weights)[0]
                )
                rows.append(self.comment(article_id, published_at, parent, status))
            parents = {}
            for batch in itertools.batched(rows, BATCH, strict=False):
                for comment in Comment.objects.bulk_create(batch):
                    if comment.status == Comment.Status.APPROVED:
                        parents.setdefault(comment.article_id, []).append(comment)
            made += len(rows)
        return made

    def comment(self, article_id, published_at, parent, status):
        name, email = self.random.choice(COMMENTERS)
        after = parent.created_at if parent else published_at
        created_at = min(after + timedelta(minutes=self.random.randint(1, 600)), self.now)
        comment = Comment(
            article_id=article_id,
            name=name,
            email=email,
            body=" ".join(self.random.sample(COMMENT_LINES, self.random.randint(1, 3))),
            status=status,
            rule="generated",
            ip_address=f"198.51.100.{self.random.randint(1, 254)}",
            user_agent="Mozilla/5.0 (generated)",
            created_at=created_at,
            decided_at=None if status == Comment.Status.PENDING else created_at,
        )
        comment.place_under(parent)
        return comment

    def comment_long_article(self, article_id):
        published_at = Article.objects.filter(pk=article_id).values_list("published_at", flat=True).get()
        with transaction.atomic():
            self.comment_threads([((article_id, published_at), LONG_ARTICLE_COMMENTS)], all_approved=True)

    def index_and_store_threads(self, article_ids):
        """Search entries for every new article; stored threads for those with public comments."""
        progress = Progress("search index", len(article_ids))
        for batch in itertools.batched(article_ids, CHUNK, strict=False):
            update_search_index(Article.objects.filter(pk__in=batch))
            progress.advance(len(batch))
        # Newest first: the articles lists and feeds lead to get their threads rendered now.
        commented = list(
            Article.objects.filter(
                pk__in=Comment.objects.approved().values("article"),
                pk__gte=min(article_ids),
                pk__lte=max(article_ids),
            )
            .order_by("-published_at")
            .values_list("pk", flat=True)
        )
        progress = Progress("comment threads", len(commented))
        for number, batch in enumerate(itertools.batched(commented, BATCH, strict=False)):
            # As after a moderator's approval: rendered and stored as the transaction commits, or, past the
            # newest RENDERED_THREADS, by the first page that shows each.
            with transaction.atomic():
                threads.changed(batch, render=number * BATCH < RENDERED_THREADS)
            progress.advance(len(batch))
