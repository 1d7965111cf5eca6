from django.conf import settings
from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from comments import privacy, spam_bin
from comments.discussion import discussion_settings


class Command(BaseCommand):
    help = (
        "Daily upkeep of the comments: delete spam kept longer than the discussion settings' spam bin days, "
        "and erase the IP address and browser of comments older than COMMENTS_IP_ADDRESS_DAYS. Running it "
        "again the same day changes nothing."
    )

    def handle(self, *args, **options):
        days = discussion_settings().spam_days
        deleted = spam_bin.purge()
        self.stdout.write(
            f"Spam bin: {deleted} comment{pluralize(deleted)} marked as spam more than {days} days ago deleted."
        )
        erased = privacy.erase_old_addresses()
        self.stdout.write(
            f"Addresses: IP address and browser erased from {erased} comment{pluralize(erased)} sent more than "
            f"{settings.COMMENTS_IP_ADDRESS_DAYS} days ago."
        )
