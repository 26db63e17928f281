"""Django's admin, for superusers only (the house rule: one admin surface per model, and officers work
in the department's own pages and Oscar's dashboard). Django would let any staff user with a view
permission read its lists; officers are staff."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class SuperuserAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return request.user.is_active and request.user.is_superuser


class SuperuserAdminConfig(AdminConfig):
    default_site = "marketplace.admin_site.SuperuserAdminSite"
