from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom.health import healthz

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Static pages live under their own prefix, so no page can shadow a section (sections may not be "pages").
    path("pages/", include("pages.urls")),
    path("comments/", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
