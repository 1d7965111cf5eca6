from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wordpress.importer import import_export
from wordpress.progress import ProgressBar
from wordpress.wxr import WXRError


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR 1.1 or 1.2): authors, categories as sections, tags as "
        "topics, posts as articles, pages as static pages, images into the library and comments, with redirects "
        "from the old addresses. Importing the same file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The export file (.xml).")
        parser.add_argument(
            "--uploads",
            type=Path,
            metavar="DIR",
            help="WordPress's wp-content/uploads folder: attachments and featured images come from its files.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be imported; write nothing."
        )
        parser.add_argument(
            "--create-users",
            action="store_true",
            help="Give each WordPress author a user account (no password, no staff status) linked to their author.",
        )

    def handle(self, *args, export, uploads, dry_run, create_users, **options):
        export, uploads = Path(export), uploads and Path(uploads)  # call_command() passes strings as they are
        if not export.is_file():
            raise CommandError(f"{export}: no such file.")
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads}: no such folder.")
        try:
            report = import_export(
                export,
                uploads=uploads,
                dry_run=dry_run,
                create_users=create_users,
                progress=lambda label, size: ProgressBar(
                    lambda text: self.stderr.write(text, ending=""),
                    label,
                    size,
                    interactive=self.stderr.isatty(),
                ),
            )
        except WXRError as exc:
            raise CommandError(f"{export}: {exc}. Nothing was imported.") from None
        for line in report.lines():
            self.stdout.write(line)
