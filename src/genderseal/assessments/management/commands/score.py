"""`gender-seal score FRAMEWORK RESULTS.csv`: apply the scoring rules without a database.

RESULTS.csv has the header `benchmark,result` (UTF-8, a byte-order mark is fine; other
columns are ignored); a blank result means "not rated yet". Prints the summary as JSON.
"""
import csv
import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from genderseal.core.commands import stop_with_problems
from genderseal.standards import rules
from genderseal.standards.loader import parse_file
from genderseal.standards.spec import FrameworkError, Location, Problem


class Command(BaseCommand):
    help = "Score a round from a CSV of benchmark,result against a framework file (no database)."
    requires_system_checks = []  # runs without a database

    def add_arguments(self, parser):
        parser.add_argument("framework", help="framework file (.yaml, .yml or .xlsx)")
        parser.add_argument("results", help="CSV with the header benchmark,result")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default=settings.LANGUAGE_CODE,
            help="language of the messages (default: %(default)s)",
        )

    def handle(self, framework, results, language, **options):
        with translation.override(language):
            self.run(Path(framework), Path(results))

    def run(self, framework_path, results_path):
        for path in (framework_path, results_path):
            if not path.is_file():
                raise CommandError(_("%(file)s: no such file") % {"file": path})
        try:
            standard = parse_file(framework_path).standard()
            results = read_results(results_path.read_bytes(), results_path.name, standard)
        except FrameworkError as error:
            stop_with_problems(self, error.problems, lambda count: ngettext(
                "%(count)d problem found.", "%(count)d problems found.", count) % {"count": count})
        summary = rules.summarize(standard, results)
        self.stdout.write(json.dumps(rules.summary_json(summary), ensure_ascii=False, indent=2))


def read_results(data: bytes, source: str, standard: rules.Standard) -> dict[str, str | None]:
    """{benchmark code: result code or None} from CSV bytes; FrameworkError names each bad line."""
    problems = []

    def problem(line, message):
        problems.append(Problem(source, Location(line=line), message))

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem(data[: error.start].count(b"\n") + 1, _("the file is not UTF-8 text"))
        raise FrameworkError(problems) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    columns = [c.strip().lower() for c in header or []]
    if "benchmark" not in columns or "result" not in columns:
        problem(1, _('the first line must be the header "benchmark,result"'))
        raise FrameworkError(problems)
    benchmark_column, result_column = columns.index("benchmark"), columns.index("result")
    known = {ref.code for ref in standard.benchmarks}
    allowed = ", ".join(standard.results)
    results, first_line = {}, {}
    line = reader.line_num + 1
    for row in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        cells = row + [""] * (max(benchmark_column, result_column) + 1 - len(row))
        code, result = cells[benchmark_column].strip(), cells[result_column].strip()
        if not code:
            problem(start, _("the benchmark code is empty"))
        elif code not in known:
            problem(start, _('unknown benchmark code "%(code)s"') % {"code": code})
        elif code in first_line:
            problem(start, _('benchmark "%(code)s" appears twice (first at line %(first)d)') % {
                "code": code, "first": first_line[code]})
        else:
            first_line[code] = start
        if result and result not in standard.results:
            problem(start, _('unknown result code "%(result)s" (allowed: %(allowed)s)') % {
                "result": result, "allowed": allowed})
        if code and code not in results:
            results[code] = result or None
    if problems:
        raise FrameworkError(problems)
    return results
