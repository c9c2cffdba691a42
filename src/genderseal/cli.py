"""`gender-seal`: Django's management commands under our own name, settings preset."""
import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "genderseal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gender-seal", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
