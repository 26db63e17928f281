from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The cooperative staff's workspace: phone-first pages over the shop's own services."""

    name = "workspace"
    verbose_name = _("Cooperative workspace")
