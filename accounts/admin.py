from django.contrib import admin

from accounts.models import PhoneNumber


@admin.register(PhoneNumber)
class PhoneNumberAdmin(admin.ModelAdmin):
    """Support looks up whose a number is, or frees a number a buyer lost (deleting the row); a
    number is only ever verified by its code, never typed in here."""

    list_display = ["number", "user", "verified", "created"]
    list_select_related = ["user"]
    search_fields = ["number", "user__email", "user__username"]
    readonly_fields = ["user", "number", "verified", "created"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
