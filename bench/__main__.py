"""`python -m bench [--schools N …]`: the same as `manage.py bench`, from the repository root."""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("bench", *sys.argv[1:])


if __name__ == "__main__":
    main()
