"""
Reader search over published articles: `search_articles()` is the whole public interface.

A reader's query is parsed once into words, "quoted phrases", `or` and `-excluded` terms, so stray operators
and punctuation never reach a database as syntax; each backend then gets the same query in its own language
(PostgreSQL's websearch_to_tsquery, SQLite's FTS5 MATCH).
"""

import re
from dataclasses import dataclass
from html import unescape

from django.db import connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.search_index import FTS_TABLE, HtmlText, search_config

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16
# Highlight boundaries as the databases write them: private-use characters no text contains, turned into
# <mark> only after the text around them has been escaped.
MARK_START, MARK_END = "\ue000", "\ue001"
WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# bm25 weights for the FTS5 columns headline, topics, standfirst, body: PostgreSQL's A, B, B, C.
BM25_WEIGHTS = (10.0, 4.0, 4.0, 1.0)


@dataclass(frozen=True)
class ParsedQuery:
    """All of `clauses` must match (each clause: any one of its phrases), and none of `excluded`."""

    clauses: tuple[tuple[tuple[str, ...], ...], ...]
    excluded: tuple[tuple[str, ...], ...]

    def __bool__(self):
        return bool(self.clauses)

    def as_websearch(self):
        def phrase(words):
            return f'"{" ".join(words)}"' if len(words) > 1 else words[0]

        clauses = [" or ".join(phrase(words) for words in clause) for clause in self.clauses]
        return " ".join(clauses + [f"-{phrase(words)}" for words in self.excluded])

    def as_fts5(self):
        def phrase(words):
            return '"' + " ".join(words) + '"'

        clauses = ["(" + " OR ".join(phrase(words) for words in clause) + ")" for clause in self.clauses]
        return " AND ".join(clauses) + "".join(f" NOT {phrase(words)}" for words in self.excluded)


def parse_query(text):
    """A reader's words, capped in length and count, with everything but words and the few operators dropped."""
    clauses, excluded, join_next = [], [], False
    for negated, quoted, bare in TOKEN.findall((text or "")[:MAX_QUERY_LENGTH]):
        if bare and bare.lower() == "or":
            join_next = bool(clauses)
            continue
        if bare.startswith("-"):
            negated, bare = "-", bare[1:]
        words = tuple(word.lower() for word in WORD.findall(quoted or bare))
        if not words:
            continue
        if negated:
            excluded.append(words)
        elif join_next:
            clauses[-1] = (*clauses[-1], words)
        else:
            clauses.append((words,))
        join_next = False
        if len(clauses) + len(excluded) >= MAX_TERMS:
            break
    return ParsedQuery(tuple(clauses), tuple(excluded))


def search_articles(query, section=None, date_from=None, date_to=None):
    """
    Published articles matching `query`, best first, optionally in one section (a Section) and published
    within a date range (inclusive dates). The result is a lazy sequence for a Paginator; each article on a
    page carries `search_headline` and `search_snippet`: escaped HTML whose only tags are <mark> around the
    matched words.
    """
    articles = Article.objects.published()
    if section is not None:
        articles = articles.filter(section=section)
    if date_from is not None:
        articles = articles.filter(published_at__date__gte=date_from)
    if date_to is not None:
        articles = articles.filter(published_at__date__lte=date_to)
    parsed = parse_query(query)
    if connection.vendor == "postgresql":
        return PostgresResults(parsed, articles)
    return SqliteResults(parsed, articles)


class SearchResults:
    """A sliceable, countable sequence of matching articles, as Django's Paginator wants."""

    def __init__(self, parsed, articles):
        self.parsed = parsed
        self.articles = articles
        self._count = None

    def count(self):
        if self._count is None:
            self._count = self._count_matches() if self.parsed else 0
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        if not isinstance(page, slice):
            raise TypeError("Search results are read a page (a slice) at a time.")
        if not self.parsed:
            return []
        start = page.start or 0
        stop = self.count() if page.stop is None else page.stop
        if stop <= start:
            return []
        return self._fetch(start, stop)


class PostgresResults(SearchResults):
    def __init__(self, parsed, articles):
        from django.contrib.postgres.search import SearchQuery

        super().__init__(parsed, articles)
        self.config = search_config()
        self.query = SearchQuery(parsed.as_websearch(), config=self.config, search_type="websearch")
        self.matches = articles.filter(search_vector=self.query)

    def _count_matches(self):
        return self.matches.count()

    def _fetch(self, start, stop):
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        def headline(expression, **options):
            return SearchHeadline(
                expression, self.query, config=self.config, start_sel=MARK_START, stop_sel=MARK_END, **options
            )

        # Highlighting is costly: PostgreSQL runs it after the sort and limit, on this page's rows only.
        page = (
            self.matches.for_listing()
            .defer("body")
            .annotate(
                rank=SearchRank(F("search_vector"), self.query),
                headline_marked=headline("headline", highlight_all=True),
                standfirst_marked=headline("standfirst", highlight_all=True),
                body_marked=headline(
                    HtmlText(F("body")), max_words=35, min_words=15, max_fragments=2, fragment_delimiter=" … "
                ),
            )
            .order_by("-rank", "-published_at", "-pk")[start:stop]
        )
        for article in page:
            # The body's text came out of HTML: its entities (&amp;) are resolved before escaping again.
            body = unescape(article.body_marked)
            attach_highlights(article, article.headline_marked, article.standfirst_marked, body)
        return list(page)


class SqliteResults(SearchResults):
    """
    Counting fetches every match's id in rank order (bm25 has to score them all to sort anyway); a page is
    then one query for its articles, each highlighted by an FTS5 lookup of its own row.
    """

    def __init__(self, parsed, articles):
        super().__init__(parsed, articles)
        self.match = parsed.as_fts5()
        self.ranked_ids = None

    def _count_matches(self):
        candidates, params = self.articles.order_by().values("pk").query.sql_with_params()
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid IN ({candidates}) "  # noqa: S608
                f"ORDER BY bm25({FTS_TABLE}, {weights}), rowid DESC",
                [self.match, *params],
            )
            self.ranked_ids = [pk for (pk,) in cursor.fetchall()]
        return len(self.ranked_ids)

    def _fetch(self, start, stop):
        self.count()
        ids = self.ranked_ids[start:stop]

        def marked(call):
            # Only constant SQL is formatted in; the reader's query goes in as a parameter.
            return RawSQL(  # noqa: S611
                f"SELECT {call} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid = articles_article.id",  # noqa: S608
                (MARK_START, MARK_END, self.match),
            )

        articles = (
            self.articles.filter(pk__in=ids)
            .for_listing()
            .defer("body")
            .annotate(
                headline_marked=marked(f"highlight({FTS_TABLE}, 0, %s, %s)"),
                standfirst_marked=marked(f"highlight({FTS_TABLE}, 2, %s, %s)"),
                body_marked=marked(f"snippet({FTS_TABLE}, 3, %s, %s, ' … ', 30)"),
            )
            .in_bulk()
        )
        page = [articles[pk] for pk in ids if pk in articles]
        for article in page:
            attach_highlights(
                article, article.headline_marked, article.standfirst_marked, article.body_marked
            )
        return page


def attach_highlights(article, headline, standfirst, body):
    article.search_headline = highlighted(headline or article.headline)
    # The body's best passage when the query matched there, else the standfirst (which may hold the match).
    if MARK_START in (body or "") or not standfirst:
        article.search_snippet = highlighted(body or "")
    else:
        article.search_snippet = highlighted(standfirst)


def highlighted(text):
    """Escape `text` and turn the databases' highlight boundaries into <mark> elements, always balanced."""
    parts, inside = [], False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text):
        if piece in (MARK_START, MARK_END):
            if (piece == MARK_START) != inside:
                parts.append("<mark>" if not inside else "</mark>")
                inside = not inside
            continue
        parts.append(escape(piece))
    if inside:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
