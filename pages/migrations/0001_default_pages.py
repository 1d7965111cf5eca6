from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations
from django.utils import translation

from pages.default_pages import create_default_pages


def create_site_and_pages(apps, schema_editor):
    Site = apps.get_model("sites", "Site")
    FlatPage = apps.get_model("flatpages", "FlatPage")
    site, created = Site.objects.get_or_create(
        pk=settings.SITE_ID,
        defaults={"domain": urlsplit(settings.SITE_URL).netloc, "name": settings.SITE_NAME},
    )
    if created:
        # An explicit primary key leaves PostgreSQL's sequence behind; catch it up as contrib.sites does.
        with schema_editor.connection.cursor() as cursor:
            for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Site]):
                cursor.execute(sql)
    with translation.override(settings.LANGUAGE_CODE):
        create_default_pages(FlatPage, site, settings.SITE_NAME, settings.DEFAULT_FROM_EMAIL)


class Migration(migrations.Migration):
    dependencies = [
        ("sites", "0002_alter_domain_unique"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_site_and_pages, migrations.RunPython.noop)]
