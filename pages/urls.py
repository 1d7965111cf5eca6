from django.contrib.flatpages.views import flatpage
from django.urls import path

from caching.pages import cached_page

# No app_name: FlatPage.get_absolute_url() reverses this view by its function, which Django finds only
# outside a namespace. Templates link a page with {% url "flatpage" url="privacy/" %}.
urlpatterns = [
    # Marked for the page cache, not wrapped: the view stays the function FlatPage reverses.
    path("<path:url>", cached_page(flatpage), name="flatpage"),
]
