from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

# Preview links (shared drafts) live under this prefix; they must never be crawled.
PREVIEW_PREFIX = "/preview/"


@require_GET
def robots_txt(request):
    """Crawlers are kept out of the admin, search results and previews, and told where the sitemap is.

    Only the well-known /admin/ is named: a deployment that moved its admin (ADMIN_URL) did so to keep it
    unknown, and listing it here would publish it. The admin is never linked from public pages, and answers
    nothing without a login.
    """
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('articles:search')}",
        f"Disallow: {PREVIEW_PREFIX}",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap-index')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
