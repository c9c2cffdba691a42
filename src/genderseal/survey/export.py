"""The aggregate results as XLSX: the same `survey_results` as the page, so the same groups only.

No free-text answers and no individual rows: only counts, percentages and means.
"""
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.reports.spreadsheets import put, write_table

from .rules import SCALE


def results_xlsx(survey, results) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    info = workbook.active
    info.title = _("Survey")[:31]
    write_table(info, [_("Field"), _("Value")], [
        [_("Institution"), survey.institution.t("name")],
        [_("Survey"), survey.title],
        [_("Status"), survey.get_status_display()],
        [_("Opens at"), timezone.localtime(survey.opens_at).strftime("%Y-%m-%d %H:%M") if survey.opens_at else ""],
        [_("Closes at"), timezone.localtime(survey.closes_at).strftime("%Y-%m-%d %H:%M") if survey.closes_at else ""],
        [_("Responses"), results.total],
        [_("Minimum group size"), results.minimum],
        [_("Minimum responses for any result"), results.min_total],
        [_("Note"), _("Groups with fewer than %(n)s responses are not shown.") % {"n": results.minimum}],
    ])
    info.column_dimensions["A"].width = 24
    info.column_dimensions["B"].width = 80
    if not results.enough:
        put(info, 11, 1, _("Fewer than %(n)s responses: no results are shown.") % {"n": results.min_total}
            if results.closed else _("The survey is not closed: no results are shown."))
        return _save(workbook)

    scale_headers = [str(v) for v in SCALE] + [f"% {v}" for v in SCALE]
    sheet = workbook.create_sheet(_("All responses")[:31])
    rows = []
    for q in results.scale_questions:
        s = q.overall
        rows.append([q.question.order, q.question.text, s.n, s.mean] + list(s.counts) + list(s.percents))
    write_table(sheet, [_("No."), _("Question"), _("Answers"), _("Mean")] + scale_headers, rows)
    sheet.column_dimensions["B"].width = 70

    questions = results.scale_questions
    for breakdown in results.breakdowns:
        sheet = workbook.create_sheet(breakdown.title[:31])
        rows = []
        for group in breakdown.rows:
            for q, s in zip(questions, group.stats):
                rows.append([group.label, group.respondents, q.question.order, q.question.text, s.n, s.mean]
                            + list(s.counts) + list(s.percents))
        write_table(sheet, [_("Group"), _("Respondents"), _("No."), _("Question"), _("Answers"), _("Mean")]
                    + scale_headers, rows)
        sheet.column_dimensions["A"].width = 28
        sheet.column_dimensions["D"].width = 60
        if not breakdown.rows:
            put(sheet, 2, 1, _("Not shown: no grouping here keeps every group, and every difference with the other "
                               "breakdowns, at %(n)s responses or more.") % {"n": results.minimum})
    return _save(workbook)


def _save(workbook):
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
