"""System checks for the sealed ballot box (docs/voting.md "Threat model")."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

INSECURE_SECRETS = {"", "dev-only-insecure-key-change-me", "insecure-default-set-SECRET_KEY-in-production"}


@register("voting")
def check_ballot_key_dir(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Opening a round writes its key file here; counting reads and destroys it."""
    directory = Path(settings.BALLOT_KEY_DIR)
    existing = next((p for p in (directory, *directory.parents) if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return [
            Error(
                f"BALLOT_KEY_DIR {directory} is not writable: voting rounds cannot be opened or counted.",
                hint="Point BALLOT_KEY_DIR at a directory the web and worker processes can write (not backed up).",
                id="oversight.E001",
            )
        ]
    return []


@register("voting", deploy=True)
def check_ballot_secret(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The ballot key files are only as safe as the secret that encrypts them."""
    if settings.BALLOT_KEY or settings.SECRET_KEY not in INSECURE_SECRETS:
        return []
    return [
        Warning(
            "Ballot key files are encrypted with a secret derived from a default SECRET_KEY.",
            hint="Set BALLOT_KEY (or a real SECRET_KEY) in the environment.",
            id="oversight.W001",
        )
    ]
