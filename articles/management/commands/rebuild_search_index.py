from django.core.management.base import BaseCommand

from articles.models import Article
from articles.search_index import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Index every article for search afresh: after a bulk import that bypassed Article.save(), or after "
        "changing LANGUAGE_CODE (PostgreSQL stems words by the site's language)."
    )

    def handle(self, *args, **options):
        rebuild_search_index(Article.objects.all())
        self.stdout.write(f"Search index rebuilt: {Article.objects.count()} articles.")
