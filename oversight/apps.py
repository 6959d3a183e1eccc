from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("人大监督事项")

    def ready(self) -> None:
        # Register deadline kinds and their recipients with tracker (one-way dependency).
        from django.db.models.signals import post_migrate

        import oversight.deliberation_kinds  # noqa: F401
        from oversight import checks, deadline_kinds, policy_rules, vote_consequences, wording  # noqa: F401
        from oversight.forms import reference_lists
        from oversight.search import install_after_migrate
        from oversight.stats import freshness

        vote_consequences.register()
        wording.install()
        # The statistics' per-assignment facts follow every write that feeds them.
        freshness.connect()
        # The filter forms' rendered reference lists are kept until one of them changes.
        reference_lists.connect()
        # The search column is raw SQL (PostgreSQL only); databases built without migrations get it too.
        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="oversight_search_schema")
