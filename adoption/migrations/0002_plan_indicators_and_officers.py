from django.db import migrations

from adoption.defaults import DEFAULT_INDICATORS, OFFICERS_GROUP, PLAN, PLAN_DEADLINE

PERMISSIONS = [
    ("adoption", "indicator", "view_adoption_dashboard", "Can see the department's adoption dashboard"),
    ("cooperatives", "application", "review_application", "Can review cooperative applications"),
]


def load(apps, schema_editor):
    Indicator = apps.get_model("adoption", "Indicator")
    for position, fields in enumerate(DEFAULT_INDICATORS):
        # Only the fields this migration's model has (labels came later, in 0004).
        kept = {key: fields[key] for key in ("name_vi", "name_en", "target")}
        defaults = {**kept, "deadline": PLAN_DEADLINE, "source": PLAN, "position": position}
        Indicator.objects.get_or_create(code=fields["code"], defaults=defaults)
    # Permissions are normally created after migrations; the group needs them now.
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=OFFICERS_GROUP)
    for app_label, model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("adoption", "0001_initial"),
        ("cooperatives", "0006_cooperative_delivery_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
