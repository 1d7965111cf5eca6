import json

from django.core.management.base import BaseCommand, CommandError

from comments import privacy


class Command(BaseCommand):
    help = (
        "Everything stored about the person using an e-mail address (their comments, with the IP address, "
        "browser and edits, and whether they are a trusted or blocked commenter), as JSON: an answer to a "
        "request for access to one's data."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="Write the JSON to this file instead of standard output.")

    def handle(self, *args, email, output, **options):
        try:
            data = privacy.personal_data(email)
        except ValueError as exc:
            raise CommandError(exc) from exc
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(f"Written to {output}.")
        else:
            self.stdout.write(text)
