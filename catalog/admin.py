from django.contrib import admin
from oscar.apps.catalogue.admin import *  # noqa: F401,F403  Oscar's catalogue admin

from .models import Certification


@admin.register(Certification)
class CertificationAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
