"""Roles in templates: ``{% load roles %}{% if user|is_officer %}`` (accounts/roles.py decides)."""

from django import template

from accounts import roles

register = template.Library()

register.filter("is_officer", roles.is_officer)
register.filter("is_cooperative_staff", roles.is_cooperative_staff)
register.filter("uses_dashboard", roles.uses_dashboard)
