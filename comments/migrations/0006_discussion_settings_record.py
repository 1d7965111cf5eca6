"""
The discussion settings' one record, with its defaults, and the trusted and blocked lists for the Moderators
group: who may post unmoderated, or not at all, is a moderator's call (the settings are an administrator's).
"""

from django.db import migrations

GROUP = "Moderators"
LIST_MODELS = {"trustedcommenter": "trusted commenter", "blockedcommenter": "blocked commenter"}
ACTIONS = ["view", "add", "change", "delete"]


def create_record_and_permissions(apps, schema_editor):
    apps.get_model("comments", "DiscussionSettings").objects.get_or_create(pk=1)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = []
    # Permissions are normally made after all migrations have run, so the ones the group needs are made here.
    for model, verbose_name in LIST_MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="comments", model=model)
        for action in ACTIONS:
            permissions.append(
                Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{model}",
                    defaults={"name": f"Can {action} {verbose_name}"},
                )[0]
            )
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions)


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    listed = Permission.objects.filter(
        content_type__app_label="comments", content_type__model__in=list(LIST_MODELS)
    )
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*listed)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comments", "0005_moderation_rules_and_lists"),
    ]

    operations = [migrations.RunPython(create_record_and_permissions, remove_permissions)]
