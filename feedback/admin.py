from django.contrib import admin

from feedback.models import ResidentFeedback


@admin.register(ResidentFeedback)
class ResidentFeedbackAdmin(admin.ModelAdmin):
    """Residents' words are evidence: read, filtered, never edited here."""

    list_display = ["created_at", "commune", "rating", "language"]
    list_filter = ["rating", ("commune", admin.RelatedOnlyFieldListFilter), "language"]
    list_select_related = ["commune"]
    date_hierarchy = "created_at"
    search_fields = ["comment"]
    readonly_fields = ["commune", "rating", "comment", "created_at", "language", "voter_key"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
