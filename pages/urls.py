from django.contrib.flatpages.views import flatpage
from django.urls import path

# No app_name: FlatPage.get_absolute_url() reverses this view by its function, which Django finds only
# outside a namespace. Templates link a page with {% url "flatpage" url="privacy/" %}.
urlpatterns = [
    path("<path:url>", flatpage, name="flatpage"),
]
