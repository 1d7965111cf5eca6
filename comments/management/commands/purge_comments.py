from django.core.management.base import BaseCommand

from comments import spam_bin
from comments.discussion import discussion_settings


class Command(BaseCommand):
    help = (
        "Daily upkeep of the comments: delete spam kept longer than the discussion settings' spam bin days. "
        "Running it again the same day changes nothing."
    )

    def handle(self, *args, **options):
        days = discussion_settings().spam_days
        deleted = spam_bin.purge()
        self.stdout.write(f"Spam bin: {deleted} comments marked as spam more than {days} days ago deleted.")
