"""Celery tasks of depersonalisation: each calls a service."""

from __future__ import annotations

from celery import shared_task

from .expired import depersonalise_all


# The task keeps the name it was scheduled under (beat and queued messages know it by name).
@shared_task(name="audit.depersonalise_expired", acks_late=True)
def depersonalise_expired() -> dict[str, int]:
    """Daily: pupils whose retention period has ended are depersonalised, expired files deleted."""
    done = depersonalise_all()
    return {"pupils": sum(d.pupils for d in done), "files": sum(d.files for d in done)}
