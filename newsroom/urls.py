from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from articles.sitemaps import NEWS_SITEMAPS, SITEMAPS, sitemap, sitemap_index
from newsroom.health import healthz
from newsroom.robots import robots_txt

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path("sitemap.xml", sitemap_index, name="sitemap-index"),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": NEWS_SITEMAPS, "template_name": "sitemaps/news.xml"},
        name="news-sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS, "template_name": "sitemaps/sitemap.xml"},
        name="sitemap",
    ),
    # Static pages live under their own prefix, so no page can shadow a section (sections may not be "pages").
    path("pages/", include("pages.urls")),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns

# A database outage answers 503 (try again shortly) instead of the 500 page (newsroom/outages.py).
handler500 = "newsroom.outages.server_error"
