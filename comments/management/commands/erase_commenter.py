from django.core.management.base import BaseCommand, CommandError

from comments import privacy


class Command(BaseCommand):
    help = (
        "Erase what is stored about the person using an e-mail address: comments not on the site are deleted; "
        "approved comments keep their text and lose their author, or are deleted with --delete-approved. A "
        "comment others replied to keeps their replies: it loses its author (and its text, unless kept). The "
        "address leaves the trusted and blocked lists."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--delete-approved",
            action="store_true",
            help="Delete approved comments too instead of keeping their text without an author.",
        )

    def handle(self, *args, email, delete_approved, **options):
        try:
            counts = privacy.erase_personal_data(email, delete_approved=delete_approved)
        except ValueError as exc:
            raise CommandError(exc) from exc
        self.stdout.write(
            f"{email}: {counts['deleted']} comments deleted, {counts['anonymised']} kept without their author, "
            f"{counts['emptied']} kept without their author or text (others replied to them), "
            f"{counts['list_entries']} list entries removed."
        )
