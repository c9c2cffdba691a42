"""What the management commands share."""
from django.core.management.base import CommandError


def stop_with_problems(command, problems, summary):
    """Write each problem on a line of its own to the command's stderr, then stop with exit status 1 and
    `summary(number of problems)` as the last line."""
    for problem in problems:
        command.stderr.write(str(problem))
    raise CommandError(summary(len(problems)), returncode=1) from None
