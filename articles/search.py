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
from django.db.models import F, Func, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.models import Article
from articles.search_index import FTS_TABLE, HtmlText, search_config

MAX_QUERY_LENGTH = 200
MAX_TERMS = 16
# How many of the newest matching articles are ranked by relevance (see SearchResults).
SEARCH_DEPTH = 500
# The passage of an article body that PostgreSQL highlights: where it starts before the first match, and
# its length, in characters.
EXCERPT_LEAD, EXCERPT_LENGTH = 200, 600
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

    def words(self):
        """Every word the results must or may contain, as plain text."""
        return " ".join(word for clause in self.clauses for phrase in clause for word in phrase)

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
    """
    A sliceable, countable sequence of matching articles, as Django's Paginator wants.

    Relevance ranks the newest SEARCH_DEPTH matches, not every match: ranking reads each candidate's whole
    index entry, so a common word over the full archive would cost seconds, where the newest few hundred
    cost milliseconds. Older articles are reached with the date filters (`truncated` says when to).
    Counting fetches the candidates' ids in rank order; a page is then one query for its articles.
    """

    def __init__(self, parsed, articles):
        self.parsed = parsed
        self.articles = articles
        self._ranked_ids = None

    @property
    def ranked_ids(self):
        if self._ranked_ids is None:
            self._ranked_ids = self._rank() if self.parsed else []
        return self._ranked_ids

    def count(self):
        return len(self.ranked_ids)

    def __len__(self):
        return self.count()

    @property
    def truncated(self):
        """True when more articles match than are ranked (the newest SEARCH_DEPTH)."""
        return self.count() >= SEARCH_DEPTH

    def __getitem__(self, page):
        if not isinstance(page, slice):
            raise TypeError("Search results are read a page (a slice) at a time.")
        ids = self.ranked_ids[page]
        if not ids:
            return []
        articles = self._fetch(ids)
        return [articles[pk] for pk in ids if pk in articles]

    def _ranked_candidates(self, candidates, rank):
        """Ids of `candidates` (a values() queryset of pk, published_at and `rank`), best first."""
        sql, params = candidates.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT pk FROM ({sql}) AS candidates ORDER BY {rank}, published_at DESC, pk DESC",  # noqa: S608
                params,
            )
            return [pk for (pk,) in cursor.fetchall()]


class PostgresResults(SearchResults):
    def __init__(self, parsed, articles):
        from django.contrib.postgres.search import SearchQuery

        super().__init__(parsed, articles)
        self.config = search_config()
        self.query = SearchQuery(parsed.as_websearch(), config=self.config, search_type="websearch")

    def _rank(self):
        from django.contrib.postgres.search import SearchRank

        # One pass over the newest matches: PostgreSQL walks the publish-time index for a common word and
        # the GIN index for a rare one, and ranks each candidate as it reads it.
        candidates = (
            self.articles.filter(search_vector=self.query)
            .annotate(rank=SearchRank(F("search_vector"), self.query))
            .order_by("-published_at", "-pk")
            .values("pk", "published_at", "rank")[:SEARCH_DEPTH]
        )
        return self._ranked_candidates(candidates, "rank DESC")

    def _fetch(self, ids):
        from django.contrib.postgres.search import SearchHeadline

        def headline(expression, **options):
            return SearchHeadline(
                expression, self.query, config=self.config, start_sel=MARK_START, stop_sel=MARK_END, **options
            )

        articles = (
            self.articles.filter(pk__in=ids)
            .for_listing()
            .defer("body")
            .annotate(
                headline_marked=headline("headline", highlight_all=True),
                standfirst_marked=headline("standfirst", highlight_all=True),
                body_marked=headline(
                    Excerpt(HtmlText(F("body")), self.parsed.words(), self.config),
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .in_bulk()
        )
        for article in articles.values():
            # The body's text came out of HTML: its entities (&amp;) are resolved before escaping again.
            body = unescape(article.body_marked)
            attach_highlights(article, article.headline_marked, article.standfirst_marked, body)
        return articles


class Excerpt(Func):
    """
    About EXCERPT_LENGTH characters of a text, from a little before the first word that begins with one of
    the query's lexemes (or from the start). PostgreSQL's ts_headline costs in proportion to the text it
    reads, a millisecond or more per article body; the passage around the first match is what it shows.
    """

    output_field = TextField()

    def __init__(self, text, words, config):
        super().__init__(text)
        self.words, self.config = words, config

    def as_sql(self, compiler, connection, **extra_context):
        text, params = compiler.compile(self.source_expressions[0])
        first_match = (
            f"SELECT MIN(NULLIF(STRPOS(' ' || LOWER({text}), ' ' || lexeme), 0)) "  # noqa: S608 - SQL, not input
            "FROM UNNEST(TSVECTOR_TO_ARRAY(TO_TSVECTOR(%s::regconfig, %s))) AS lexeme"
        )
        sql = f"SUBSTR({text}, GREATEST(COALESCE(({first_match}), 1) - {EXCERPT_LEAD}, 1), {EXCERPT_LENGTH})"  # noqa: S608
        return sql, (*params, *params, self.config, self.words)


class SqliteResults(SearchResults):
    def __init__(self, parsed, articles):
        super().__init__(parsed, articles)
        self.match = parsed.as_fts5()

    def _rank(self):
        weights = ", ".join(str(weight) for weight in BM25_WEIGHTS)
        # bm25() works only in a query on the FTS5 table itself, so each candidate is scored by a lookup of
        # its own row.
        score = RawSQL(  # noqa: S611 - constant SQL; the reader's query is a parameter
            f"SELECT bm25({FTS_TABLE}, {weights}) FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = articles_article.id",
            (self.match,),
        )
        matching = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (self.match,))  # noqa: S608,S611
        candidates = (
            self.articles.filter(pk__in=matching)
            .order_by("-published_at", "-pk")
            .values("pk", "published_at", rank=score)[:SEARCH_DEPTH]
        )
        return self._ranked_candidates(candidates, "rank")

    def _fetch(self, ids):
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
        for article in articles.values():
            attach_highlights(
                article, article.headline_marked, article.standfirst_marked, article.body_marked
            )
        return articles


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
