from django.urls import path, re_path

from articles import preview, views
from articles.feeds import ArticleFeed, AtomWithContent, AuthorFeed, SectionFeed, TopicFeed

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("authors/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("search/", views.search, name="search"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("archive/", views.archive_index, name="archive"),
    re_path(r"^archive/(?P<year>[0-9]{4})/$", views.ArchiveView.as_view(), name="archive-year"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>0[1-9]|1[0-2])/$",
        views.ArchiveView.as_view(),
        name="archive-month",
    ),
    path("feeds/rss/", ArticleFeed(), name="feed-rss"),
    path("feeds/atom/", ArticleFeed(AtomWithContent), name="feed-atom"),
    path("feeds/sections/<slug:slug>/rss/", SectionFeed(), name="section-feed-rss"),
    path("feeds/sections/<slug:slug>/atom/", SectionFeed(AtomWithContent), name="section-feed-atom"),
    path("feeds/authors/<slug:slug>/rss/", AuthorFeed(), name="author-feed-rss"),
    path("feeds/authors/<slug:slug>/atom/", AuthorFeed(AtomWithContent), name="author-feed-atom"),
    path("feeds/topics/<slug:slug>/rss/", TopicFeed(), name="topic-feed-rss"),
    path("feeds/topics/<slug:slug>/atom/", TopicFeed(AtomWithContent), name="topic-feed-atom"),
    # Shared previews: robots.txt keeps crawlers out of /preview/ (newsroom/robots.py).
    path("preview/<str:token>/", preview.shared_preview, name="shared-preview"),
    path("<slug:section>/", views.SectionView.as_view(), name="section"),
    path("<slug:section>/<slug:slug>/", views.article_detail, name="article"),
]
