"""
The "Moderators" group: its members see the comments in the admin and decide on them, nothing else.
Give a moderator staff status (to log in to the admin) and this group, and no other permission.
"""

from django.db import migrations

GROUP = "Moderators"
# Permissions are normally made after all migrations have run, so the ones the group needs are made here.
PERMISSIONS = [("view_comment", "Can view comment"), ("change_comment", "Can change comment")]


def create_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="comments", model="comment")
    permissions = [
        Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]
        for codename, name in PERMISSIONS
    ]
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(permissions)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("comments", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
