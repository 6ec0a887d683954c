#!/usr/bin/env python
import os
import sys
from pathlib import Path


def read_local_env(path=Path(__file__).resolve().parent / ".env"):
    """A local run's settings (`make run` writes .env: DEBUG=1 and a
    generated SECRET_KEY), so that the README's commands work in a plain
    shell. The environment wins; production sets it and has no .env."""
    if not path.exists():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        name, sep, value = line.strip().partition("=")
        if sep and name and not name.startswith("#"):
            os.environ.setdefault(name.strip(), value.strip().strip("'\""))


if __name__ == "__main__":
    read_local_env()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
