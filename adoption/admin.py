from django.contrib import admin

from .models import ApiToken, Indicator, IndicatorSettings, IndicatorSnapshot


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "target", "deadline", "position"]
    list_editable = ["target", "deadline", "position"]
    readonly_fields = ["code"]


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(admin.ModelAdmin):
    list_display = ["day", "indicator", "numerator", "denominator", "target"]
    list_filter = ["indicator"]
    date_hierarchy = "day"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "created_by", "last_used_at"]
    fields = ["name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at"]

    def has_add_permission(self, request):
        # A key is shown once, so it is issued by `manage.py create_api_token`, which prints it.
        return False


@admin.register(IndicatorSettings)
class IndicatorSettingsAdmin(admin.ModelAdmin):
    """The one row, written by a migration: edited, never added or deleted."""

    list_display = ["__str__", "linkage_evidence_days"]

    def has_add_permission(self, request):
        return not IndicatorSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
