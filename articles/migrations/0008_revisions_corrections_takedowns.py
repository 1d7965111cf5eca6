"""
Revisions, corrections and legal takedowns: an article's version and its corrections shown with it, the
revision and correction tables, the "taken down" status, and the groups' permissions for them: Editors take
down and add corrections, both roles read revisions and corrections.
"""

import importlib

import django.core.serializers.json
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


roles = importlib.import_module("articles.migrations.0006_editorial_roles")

GRANTS = {
    "Writers": [("correction", ["view"]), ("articlerevision", ["view"])],
    "Editors": [
        ("article", ["take_down"]),
        ("correction", ["add", "change", "delete", "view"]),
        ("articlerevision", ["view"]),
    ],
}
NAMES = {"take_down_article": "Can take an article down for legal reasons, and lift a takedown"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, grants in GRANTS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for model, actions in grants:
            for action in actions:
                permission = roles.permission(apps, "articles", model, action)
                if permission.codename in NAMES:
                    permission.name = NAMES[permission.codename]
                    permission.save(update_fields=["name"])
                group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for grants in GRANTS.values() for model, actions in grants for action in actions]
    Permission.objects.filter(content_type__app_label="articles", codename__in=codenames).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0007_comments_close_after_days'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='article',
            options={'ordering': ['-published_at', '-pk'], 'permissions': [('publish_article', 'Can publish, schedule, unpublish and feature articles'), ('edit_any_article', 'Can edit any article and send it back to its writer'), ('take_down_article', 'Can take an article down for legal reasons, and lift a takedown')], 'verbose_name': 'article', 'verbose_name_plural': 'articles'},
        ),
        migrations.AddField(
            model_name='article',
            name='correction_notes',
            field=models.JSONField(blank=True, default=list, editable=False, encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='correction notes'),
        ),
        migrations.AddField(
            model_name='article',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name='version'),
        ),
        migrations.AlterField(
            model_name='article',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('unpublished', 'Unpublished'), ('taken_down', 'Taken down')], default='draft', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='action',
            field=models.CharField(choices=[('submit', 'Submitted for review'), ('send_back', 'Sent back to the writer'), ('publish', 'Published'), ('schedule', 'Scheduled'), ('unpublish', 'Unpublished'), ('take_down', 'Taken down'), ('lift_takedown', 'Takedown lifted')], max_length=20, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='from_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('unpublished', 'Unpublished'), ('taken_down', 'Taken down')], max_length=20, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='statuschange',
            name='to_status',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('published', 'Published'), ('unpublished', 'Unpublished'), ('taken_down', 'Taken down')], max_length=20, verbose_name='to'),
        ),
        migrations.CreateModel(
            name='ArticleRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('snapshot', models.JSONField(encoder=django.core.serializers.json.DjangoJSONEncoder, verbose_name='snapshot')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='saved')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='articles.article', verbose_name='article')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='article_revisions', to=settings.AUTH_USER_MODEL, verbose_name='saved by')),
            ],
            options={
                'verbose_name': 'revision',
                'verbose_name_plural': 'revisions',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['article', '-created_at'], name='revision_article_idx')],
            },
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('correction', 'Correction'), ('update', 'Update')], default='correction', max_length=20, verbose_name='kind')),
                ('text', models.TextField(help_text='Plain text, shown to readers at the end of the article and on the corrections page.', verbose_name='text')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='date')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='corrections', to='articles.article', verbose_name='article')),
                ('created_by', models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='article_corrections', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'correction',
                'verbose_name_plural': 'corrections',
                'ordering': ['created_at', 'pk'],
                'indexes': [models.Index(fields=['-created_at', '-id'], name='correction_newest_idx')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
