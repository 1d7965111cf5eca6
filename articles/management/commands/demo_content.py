import os
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import demo_data
from articles.models import Article, Author, Byline, Section, Topic
from caching import events
from comments import demo as demo_comments
from images import demo as demo_images

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "newsroom-demo"  # noqa: S105 - a published local-only login, refused without DEBUG


class Command(BaseCommand):
    help = "Load the demo sections, authors, topics and articles. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--superuser",
            action="store_true",
            help=f"Also create the local demo superuser '{DEMO_USERNAME}' (DEBUG only).",
        )

    @transaction.atomic
    def handle(self, *args, superuser=False, **options):
        now = timezone.now()
        sections = {
            slug: Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )[0]
            for position, (name, slug, description) in enumerate(demo_data.SECTIONS)
        }
        authors = {
            slug: Author.objects.get_or_create(slug=slug, defaults={"name": name, "bio": bio})[0]
            for name, slug, bio in demo_data.AUTHORS
        }
        topics = {
            slug: Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
            for name, slug in demo_data.TOPICS
        }

        entries = [demo_data.LONG_ARTICLE] + [
            self.short_entry(row) for row in [*demo_data.ARTICLES, demo_data.SCHEDULED]
        ]
        created = 0
        for entry in entries:
            created += self.load_article(entry, sections, authors, topics, now)
        self.stdout.write(f"Demo content: {created} new articles, {len(entries) - created} already there.")
        # Their renditions are made when the transaction commits, as for an editor's upload.
        self.stdout.write(f"Demo images: {demo_images.load()} new, drawn and uploaded.")
        self.stdout.write(f"Demo comments: {demo_comments.load()} new, through the moderation rules.")

        if superuser:
            self.create_superuser()
        # Pages a shared cache kept from an earlier run no longer show everything there is.
        events.content_changed("demo content loaded")

    @staticmethod
    def short_entry(row):
        section, headline, slug, author_slugs, topic_slugs, hours_ago, standfirst, paragraphs = row
        return {
            "section": section,
            "headline": headline,
            "slug": slug,
            "authors": author_slugs,
            "topics": topic_slugs,
            "hours_ago": hours_ago,
            "standfirst": standfirst,
            "body": "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
        }

    def load_article(self, entry, sections, authors, topics, now):
        section = sections[entry["section"]]
        if Article.objects.filter(section=section, slug=entry["slug"]).exists():
            return 0
        article = Article(
            headline=entry["headline"],
            slug=entry["slug"],
            standfirst=entry["standfirst"],
            section=section,
            featured=entry.get("featured", False),
        )
        article.set_body(entry["body"])
        article.publish(at=now - timedelta(hours=entry["hours_ago"]))
        article.save()
        Byline.objects.bulk_create(
            Byline(article=article, author=authors[slug], position=position)
            for position, slug in enumerate(entry["authors"])
        )
        article.topics.set(topics[slug] for slug in entry["topics"])
        article.reindex()
        return 1

    def create_superuser(self):
        if not settings.DEBUG:
            raise CommandError(
                "The demo superuser has a published password: it is created only with DEBUG on."
            )
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(DEMO_USERNAME, "admin@example.com", DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login: http://127.0.0.1:{os.environ.get('PORT', '8000')}{reverse('admin:index')}  user {DEMO_USERNAME}  "
                f"password {DEMO_PASSWORD}"
            )
        )
