"""XLSX exports. Text that a spreadsheet would read as a formula (= + - @, tab, CR) is kept as text."""
import io

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from genderseal.assessments.models import BenchmarkResult
from genderseal.standards.models import ResultOption

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(sheet, row, column, value):
    """Write one cell; a string that looks like a formula is stored as a string with Excel's quote prefix."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def text_row(sheet, values):
    """For write-only sheets (`sheet.append`): formula-looking strings become text cells, value unchanged."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            value = WriteOnlyCell(sheet, value=value)
            value.data_type = "s"
            value.quotePrefix = True
        row.append(value)
    return row


def write_table(sheet, headers, rows):
    from openpyxl.styles import Font

    for column, header in enumerate(headers, start=1):
        put(sheet, 1, column, str(header)).font = Font(bold=True)
    for r, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            put(sheet, r, column, value)
    sheet.freeze_panes = "A2"


def round_results_xlsx(membership, round) -> bytes:
    from openpyxl import Workbook

    options = {o.code: o.t("label") for o in ResultOption.objects.filter(framework=round.framework)}
    results = (
        BenchmarkResult.objects.for_member(membership)
        .filter(round=round, benchmark__retired=False)
        .select_related("benchmark__goal__dimension", "lead_unit")
        .prefetch_related("responsible_units")
        .order_by("benchmark__order")
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    headers = [_("Dimension"), _("Goal"), _("Code"), _("Benchmark"), _("Result code"), _("Result"),
               _("Review state"), _("Assessor comment"), _("Response"), _("Lead unit"), _("Responsible units")]
    rows = (
        [
            r.benchmark.goal.dimension.code,
            r.benchmark.goal.code,
            r.benchmark.code,
            r.benchmark.t("title"),
            r.result_code,
            options.get(r.result_code, ""),
            r.get_state_display(),
            r.assessor_comment,
            r.response,
            r.lead_unit.code if r.lead_unit_id else "",
            ", ".join(u.code for u in r.responsible_units.all()),
        ]
        for r in results
    )
    write_table(sheet, headers, rows)
    for letter, width in zip("ABCDEFGHIJK", (10, 10, 10, 60, 14, 18, 14, 50, 50, 12, 24)):
        sheet.column_dimensions[letter].width = width
    info = workbook.create_sheet(_("Round")[:31])
    write_table(info, [_("Field"), _("Value")], [
        [_("Institution"), membership.institution.t("name")],
        [_("Round"), round.number],
        [pgettext("round", "Title"), round.title],
        [_("Framework"), f"{round.framework.code} {round.framework.version}"],
        [_("Status"), round.get_status_display()],
        [_("Round date"), round.date.isoformat() if round.date else ""],
    ])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
