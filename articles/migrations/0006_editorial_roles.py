"""
The newsroom's editorial roles as groups: "Writers" draft articles and submit them for review; "Editors" do
everything on articles, sections, authors and topics, and decide what is published and when. The rules that
tell one from the other are in articles/workflow.py; these groups only carry the permissions it checks.
Give a writer or an editor staff status (to log in to the admin) and one of these groups.
"""

from django.db import migrations

# Each model's verbose name is its model name, as Django's default permission names use it.
ARTICLE_MODELS = ["article", "section", "author", "topic", "byline"]
CUSTOM = {
    "publish_article": "Can publish, schedule, unpublish and feature articles",
    "edit_any_article": "Can edit any article and send it back to its writer",
}
GROUPS = {
    "Writers": [
        ("articles", "article", ["add", "change", "view"]),
        ("articles", "byline", ["add", "change", "delete", "view"]),
        ("articles", "section", ["view"]),
        ("articles", "author", ["view"]),
        ("articles", "topic", ["view"]),
        ("images", "image", ["add", "view"]),
    ],
    "Editors": [
        *(("articles", model, ["add", "change", "delete", "view"]) for model in ARTICLE_MODELS),
        ("articles", "article", ["publish", "edit_any"]),
        ("images", "image", ["add", "change", "delete", "view"]),
    ],
}


def permission(apps, app_label, model, action):
    # Permissions are normally made after all migrations have run, so the ones the groups need are made here.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    codename = f"{action}_{model}"
    name = CUSTOM.get(codename, f"Can {action} {model}")
    return Permission.objects.get_or_create(content_type=content_type, codename=codename, defaults={"name": name})[0]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            permission(apps, app_label, model, action)
            for app_label, model, actions in grants
            for action in actions
        )


def delete_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("images", "0001_initial"),
        ("articles", "0005_workflow"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
