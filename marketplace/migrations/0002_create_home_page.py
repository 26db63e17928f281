"""Replace Wagtail's welcome page with our home page, as Wagtail's project template does."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("marketplace.HomePage")

    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="marketplace")
    locale, _ = Locale.objects.get_or_create(language_code="vi")
    home = HomePage.objects.create(
        title="Chợ HTX",
        draft_title="Chợ HTX",
        hero_title="Nông sản sạch từ các hợp tác xã TP.HCM",
        slug="home",
        content_type=home_type,
        locale=locale,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
    )
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Chợ HTX")


def remove_home_page(apps, schema_editor):
    apps.get_model("marketplace.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
