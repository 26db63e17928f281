# Attendance (who marked it and when) and each registration's unguessable code. The code is added
# empty, filled row by row (one value per row, not one default for all), then made unique.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import training.models


def fill_codes(apps, schema_editor):
    Registration = apps.get_model("training", "Registration")
    for registration in Registration.objects.filter(code="").only("pk").iterator():
        Registration.objects.filter(pk=registration.pk).update(code=training.models.new_code())


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="attended_marked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="attendance marked at"),
        ),
        migrations.AddField(
            model_name="registration",
            name="marked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="attendance marked by",
            ),
        ),
        migrations.AddField(
            model_name="registration",
            name="code",
            field=models.CharField(default="", editable=False, max_length=32, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="code",
            field=models.CharField(
                default=training.models.new_code, editable=False, max_length=32, unique=True, verbose_name="code"
            ),
        ),
    ]
