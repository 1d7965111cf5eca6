from django.shortcuts import get_object_or_404, render
from django.views.generic import ListView

from articles.front_page import front_page
from articles.models import Article, Author, Section, Topic
from articles.pagination import BoundedPaginator
from comments.forms import CommentForm
from comments.rendering import render_thread


class PublishedArticleList(ListView):
    """A paginated list of published articles; subclasses narrow it to one section, author or topic."""

    paginate_by = 20
    paginator_class = BoundedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["is_paginated"]:
            page = context["page_obj"]
            context["page_numbers"] = page.paginator.get_elided_page_range(page.number, on_each_side=2)
        return context


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


def article_detail(request, section, slug):
    article = get_object_or_404(
        Article.objects.published().for_listing().prefetch_related("topics"),
        section__slug=section,
        slug=slug,
    )
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "comment_thread": render_thread(article),
            "comment_form": CommentForm(article=article),
        },
    )
