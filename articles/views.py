from datetime import date, datetime, time

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from articles.forms import SearchForm
from articles.front_page import front_page
from articles.models import Article, Author, Correction, Section, Topic
from articles.pagination import BoundedPaginator, NumberedPagesMixin, page_numbers
from articles.search import search_articles
from caching.pages import article_scope, cached_page, valid_until
from comments.discussion import comment_window, with_comment_closing
from comments.forms import CommentForm
from comments.threads import thread_html


@cached_page(query=["page"])
class PublishedArticleList(NumberedPagesMixin, ListView):
    """A paginated list of published articles; subclasses narrow it to one section, author or topic."""

    paginate_by = 20
    paginator_class = BoundedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing().as_cards()


@cached_page
def home(request):
    return render(request, "articles/home.html", {"front_page": front_page()})


class SectionView(PublishedArticleList):
    template_name = "articles/section.html"

    def get_queryset(self):
        self.section = get_object_or_404(Section, slug=self.kwargs["section"])
        return super().get_queryset().filter(section=self.section)

    def get_context_data(self, **kwargs):
        return super().get_context_data(section=self.section, **kwargs)


class AuthorView(PublishedArticleList):
    template_name = "articles/author.html"

    def get_queryset(self):
        self.author = get_object_or_404(Author, slug=self.kwargs["slug"])
        return super().get_queryset().filter(bylines=self.author)

    def get_context_data(self, **kwargs):
        return super().get_context_data(author=self.author, **kwargs)


class TopicView(PublishedArticleList):
    template_name = "articles/topic.html"

    def get_queryset(self):
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return super().get_queryset().filter(topics=self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, **kwargs)


@cached_page(scope=article_scope)
def article_detail(request, section, slug):
    article = get_object_or_404(
        with_comment_closing(Article.objects.published_or_taken_down())
        .for_listing()
        .select_related("stored_thread")
        .prefetch_related("topics"),
        section__slug=section,
        slug=slug,
    )
    if article.status == Article.Status.TAKEN_DOWN:
        return render(request, "articles/taken_down.html", status=410)
    open_now, closes_at = comment_window(article)
    response = render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "related": Article.objects.published().related_to(article),
            "comment_thread": thread_html(article),
            "comment_form": CommentForm(article=article),
            "comments_open": open_now,
        },
    )
    # Its comment form goes when comments close by age: the cached page goes with it.
    return valid_until(response, closes_at)


SEARCH_PAGE_SIZE = 20


@never_cache
def search(request):
    """Search results are never cached, and never indexed (robots.txt and the page both say so)."""
    form = SearchForm(request.GET or None, sections=list(Section.objects.all()))
    page_obj = numbers = None
    if form.is_valid() and form.cleaned_data["q"]:
        page_obj = Paginator(search_articles(**form.search_arguments()), SEARCH_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        numbers = page_numbers(page_obj)
    response = render(
        request, "articles/search.html", {"form": form, "page_obj": page_obj, "page_numbers": numbers}
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@cached_page
def archive_index(request):
    return render(
        request, "articles/archive_index.html", {"months": Article.objects.published().archive_months()}
    )


class ArchiveView(PublishedArticleList):
    """The articles of one year (/archive/2026/) or one month (/archive/2026/11/), newest first."""

    template_name = "articles/archive.html"

    def get_queryset(self):
        year = int(self.kwargs["year"])
        self.month = int(self.kwargs["month"]) if "month" in self.kwargs else None
        try:
            if self.month is None:
                self.start, end = date(year, 1, 1), date(year + 1, 1, 1)
            else:
                self.start, end = (
                    date(year, self.month, 1),
                    date(year + self.month // 12, self.month % 12 + 1, 1),
                )
        except ValueError as exc:
            raise Http404("No such month.") from exc
        zone = timezone.get_current_timezone()
        self.period = {
            "published_at__gte": datetime.combine(self.start, time.min, zone),
            "published_at__lt": datetime.combine(end, time.min, zone),
        }
        return super().get_queryset().filter(**self.period)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["paginator"].count:
            raise Http404("Nothing was published then.")
        context.update(
            period_start=self.start,
            month=self.month,
            period_name=date_format(self.start, "YEAR_MONTH_FORMAT") if self.month else str(self.start.year),
            # A year's page links to its months.
            months=None if self.month else Article.objects.published().filter(**self.period).archive_months(),
        )
        return context


@cached_page(query=["page"])
class CorrectionsView(NumberedPagesMixin, ListView):
    """Every correction and update to a published article, newest first, each linking to its article."""

    template_name = "articles/corrections.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        # Per request: published() compares with the time it is called (a class attribute would keep the
        # time the module was imported, and never show an article published since).
        return Correction.objects.public()
