from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("人大监督事项")

    def ready(self) -> None:
        # Register deadline kinds and their recipients with tracker (one-way dependency).
        import oversight.deliberation_kinds  # noqa: F401
        from oversight import checks, deadline_kinds, wording  # noqa: F401

        wording.install()
