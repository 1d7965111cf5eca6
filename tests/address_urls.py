"""A URLconf that puts sections elsewhere, for tests/test_addresses.py."""

from django.urls import include, path

from articles import views

articles_patterns = (
    [path("sections/<slug:section>/", views.SectionView.as_view(), name="section")],
    "articles",
)

urlpatterns = [path("", include(articles_patterns))]
