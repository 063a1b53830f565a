"""The project's rule «no signals or save() tricks»: whoever writes a row says what else follows (the ВПР
aggregates are recounted by the import, the demo, the admin… by name, see assessments/aggregates.py), so no
model signal receiver and no model ``save``/``delete`` override does work behind a writer's back.

Database backend signals are not model signals: schools/sqlite.py's ``connection_created`` hook stays.
"""

from __future__ import annotations

import re
import weakref
from pathlib import Path

from django.apps import apps
from django.db.models import signals

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT = ("common", "schools", "roadmaps", "assessments", "medals", "reports", "audit", "depersonalisation",
           "portal", "config", "bench")  # fmt: skip
MODEL_SIGNALS = ("pre_init", "post_init", "pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed")
# Asking whether anything listens is not listening: common/instances.py reads a model the ordinary way when
# something (Django's own image fields, a third-party app) is connected to its init signals.
ASKS_ONLY = re.compile(r"^\s*(?:signals\.(?:pre_init|post_init)\.has_listeners\(\w+\)(?: or )?)+$")
IN_SOURCE = re.compile(r"django\.db\.models\.signals|@receiver\b|\b(?:" + "|".join(MODEL_SIGNALS) + r")\b")


def _ours(module: str) -> bool:
    return module.split(".")[0] in PROJECT


def _sources() -> list[Path]:
    return sorted(
        path
        for app in PROJECT
        for path in (BASE_DIR / app).rglob("*.py")
        if "migrations" not in path.relative_to(BASE_DIR).parts
    )


def test_no_module_of_the_apps_names_a_model_signal_or_a_receiver():
    found = [
        f"{path.relative_to(BASE_DIR)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if IN_SOURCE.search(line) and not ASKS_ONLY.search(line)
    ]
    assert not found, "model signals in the apps (call what follows a write explicitly):\n" + "\n".join(found)


def test_no_receiver_of_the_apps_is_connected_to_a_model_signal():
    connected = []
    for name in MODEL_SIGNALS:
        for entry in getattr(signals, name).receivers:
            ref = entry[1]
            receiver = ref() if isinstance(ref, weakref.ReferenceType) else ref
            if receiver is not None and _ours(getattr(receiver, "__module__", "") or ""):
                connected.append(f"{name}: {receiver.__module__}.{receiver.__qualname__}")
    assert not connected, "model signal receivers of the apps:\n" + "\n".join(connected)


def test_no_model_of_the_apps_overrides_save_or_delete():
    overridden = [
        f"{cls.__module__}.{cls.__qualname__}.{method}"
        for model in apps.get_models()
        for cls in model.__mro__
        if _ours(cls.__module__)
        for method in ("save", "delete")
        if method in vars(cls)
    ]
    assert not overridden, "a model's save()/delete() does more than write: call it explicitly instead"
