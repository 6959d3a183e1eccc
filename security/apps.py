from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = _("安全与审计")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from security import receivers  # noqa: F401  (audit log and token revocation hooks)
        from security.roles import ensure_admin_roles

        # After every migrate: the three administrator groups hold exactly their permissions.
        post_migrate.connect(ensure_admin_roles, sender=self, dispatch_uid="security.admin_roles")
