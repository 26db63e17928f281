"""Django admin, for superusers only: units come from `manage.py import_regions`,
so the admin shows them and their successions but does not edit them."""

from django.contrib import admin

from .models import AdministrativeUnit, Succession


class _SuperuserReadOnly:
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuccessionInline(_SuperuserReadOnly, admin.TabularInline):
    model = Succession
    fk_name = "old_unit"
    fields = ("new_unit", "share")
    extra = 0


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(_SuperuserReadOnly, admin.ModelAdmin):
    list_display = ("name", "code", "level", "layout", "parent", "is_rural", "in_new_rural_programme")
    list_filter = ("layout", "level", "is_rural", "in_new_rural_programme")
    search_fields = ("name", "code")
    list_select_related = ("parent",)
    inlines = [SuccessionInline]
