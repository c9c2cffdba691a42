"""The submission dossier of a round: a ZIP built on disk, file by file, with bounded memory.

A dossier is an issued file like any report (`reports.IssuedReport` of kind "dossier"): `start` asks
for one through `reports.issuing` (an identical one being built is reused), the worker's build calls
`write` through `reports.renderers`, and the file goes into the reports store by its hash.

    cover.pdf, cover.docx                 the official cover: what it holds, certified (reports/dossier_cover.py)
    <dimension>/<benchmark>/<nn>-<file>   latest approved revision of each linked file
    index.xlsx, index.html                benchmark -> evidence -> file -> sha256 -> link
"""
import os
import shutil
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from genderseal.standards.models import Benchmark

from .models import Evidence, EvidenceLink, EvidenceRevision
from .storage import CHUNK, get_store

# Already compressed: deflating them again costs time and saves nothing, so they are stored as they are.
STORED_TYPES = ("application/pdf", "image/", "audio/", "video/", "application/vnd.openxmlformats",
                "application/vnd.oasis", "application/zip", "application/x-zip", "application/gzip",
                "application/x-gzip", "application/x-7z", "application/x-rar", "application/vnd.rar",
                "application/x-bzip", "application/x-xz", "application/zstd", "application/epub")
STORED_EXTENSIONS = {".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".zip", ".gz", ".tgz", ".7z",
                     ".rar", ".bz2", ".xz", ".zst", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".mp3",
                     ".mp4", ".m4a", ".mov", ".avi", ".mkv", ".epub"}
SAMPLE = 64 * 1024  # other files: deflated only if a sample this big shrinks ...
SHRINKS = 0.9  # ... to at most this fraction of its size


@dataclass
class Entry:
    benchmark: Benchmark
    evidence: Evidence
    revision: EvidenceRevision | None  # latest file revision
    link: EvidenceRevision | None  # latest link revision
    path: str = ""


def start(membership, round):
    """The dossier of `round` asked for (an IssuedReport): a new one, or the identical one being built."""
    from genderseal.reports import issuing
    from genderseal.reports.models import ReportKind

    report, _created = issuing.request(membership, ReportKind.DOSSIER, {"round": round.number})
    return report


def safe_part(text, limit=80):
    text = unicodedata.normalize("NFC", str(text))
    text = "".join("_" if ch in '/\\:*?"<>|' or unicodedata.category(ch)[0] == "C" else ch for ch in text)
    return text.strip(" .")[:limit] or "_"


def entries(round, membership):
    """One entry per (benchmark, approved item of the round's institution), in benchmark order; three queries.
    Read through the member's scope (the requester's: a dossier holds what every reader may see)."""
    approved = Evidence.objects.for_member(membership).approved()
    links = list(EvidenceLink.objects.filter(benchmark__framework=round.framework_id, benchmark__retired=False,
                                             evidence__in=approved)
                 .select_related("benchmark__goal__dimension", "evidence__owner_unit")
                 .order_by("benchmark__order", "evidence__title_th", "evidence_id"))
    latest_file, latest_link = {}, {}
    revisions = EvidenceRevision.objects.filter(evidence__in={link.evidence_id for link in links}).order_by("-number")
    for revision in revisions.iterator():
        target = latest_file if revision.storage_name else latest_link
        target.setdefault(revision.evidence_id, revision)
    result, counters = [], {}
    for link in links:
        revision = latest_file.get(link.evidence_id)
        entry = Entry(link.benchmark, link.evidence, revision, latest_link.get(link.evidence_id))
        if revision is not None:
            dimension = link.benchmark.goal.dimension
            n = counters[link.benchmark_id] = counters.get(link.benchmark_id, 0) + 1
            entry.path = "/".join([
                safe_part(f"{dimension.code} {dimension.title_th}", 60),
                safe_part(link.benchmark.code),
                safe_part(f"{n:02d}-{revision.original_name}", 120),
            ])
        result.append(entry)
    return result


def narratives(round, membership):
    """The round's benchmark narratives for the index: the institution's account, each unit's
    contribution and the working group's comments (two queries), through the member's scope."""
    from django.db.models import Prefetch, Q

    from genderseal.assessments.models import BenchmarkResult, ResultContribution

    results = (BenchmarkResult.objects.for_member(membership).filter(round=round, benchmark__retired=False)
               .filter(Q(response__gt="") | Q(working_group_comment__gt="") | Q(contributions__isnull=False))
               .distinct().select_related("benchmark").order_by("benchmark__order")
               .prefetch_related(Prefetch("contributions", ResultContribution.objects.select_related("unit"))))
    return [{"code": r.benchmark.code, "title": r.benchmark.title_th, "account": r.response,
             "contributions": [(str(c.unit), c.text) for c in r.contributions.all()],
             "working_group": r.working_group_comment} for r in results]


def write(report, membership, round, step, scratch):
    """Write the dossier of `round`, as `membership` sees it, into a temporary file in `scratch`; returns (path, number of files).

    `step(percent)` records progress. A temporary file left by an attempt whose worker died is removed
    first; the caller moves the finished file into storage (or removes it when anything fails)."""
    for leftover in Path(scratch).glob(f"dossier-{report.pk}-*.zip"):
        leftover.unlink(missing_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f"dossier-{report.pk}-", suffix=".zip", dir=scratch)
    os.close(handle)
    try:
        items = entries(round, membership)
        files = _write_zip(round, get_store(), items, temp, step, report, narratives(round, membership))
    except BaseException:
        os.unlink(temp)
        raise
    return Path(temp), files


def already_compressed(content_type, name):
    return (content_type or "").lower().startswith(STORED_TYPES) or Path(name or "").suffix.lower() in STORED_EXTENSIONS


def compression_for(content_type, name, sample):
    """ZIP_STORED for a file already compressed (by its type or name) or whose first bytes do not shrink;
    ZIP_DEFLATED otherwise (text, CSV, old Office files, ...)."""
    if already_compressed(content_type, name) or not sample:
        return zipfile.ZIP_STORED
    shrunk = len(zlib.compress(sample, 1))
    return zipfile.ZIP_DEFLATED if shrunk <= SHRINKS * len(sample) else zipfile.ZIP_STORED


def _write_zip(round, store, items, temp, step, report=None, accounts=()):
    with_files = [e for e in items if e.revision is not None]
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _write_cover(archive, round, items, report)
        for i, entry in enumerate(with_files, 1):
            revision = entry.revision
            info = zipfile.ZipInfo(entry.path, date_time=timezone.localtime(revision.created_at).timetuple()[:6])
            info.file_size = revision.size  # lets zipfile decide on ZIP64 before writing
            with store.open(revision.storage_name) as source:
                sample = b"" if already_compressed(revision.content_type, revision.original_name) else source.read(SAMPLE)
                info.compress_type = compression_for(revision.content_type, revision.original_name, sample)
                with archive.open(info, "w", force_zip64=True) as out:
                    out.write(sample)
                    shutil.copyfileobj(source, out, CHUNK)
            if i % 5 == 0 or i == len(with_files):
                step(int(90 * i / (len(with_files) + 1)))
        context = {"round": round, "institution": round.institution, "items": items,
                   "built_at": timezone.now(), "narratives": accounts}
        archive.writestr("index.html", render_to_string("evidence/dossier_index.html", context))
        with tempfile.TemporaryFile() as sheet:
            _index_xlsx(items, sheet)
            sheet.seek(0)
            with archive.open("index.xlsx", "w") as out:
                shutil.copyfileobj(sheet, out, CHUNK)
    return len(with_files)


def _write_cover(archive, round, items, report):
    """The official cover, numbered as the issued file it is, certified by who asked for it."""
    from genderseal.reports import document_parts, dossier_cover

    number = document_parts.document_number(report) if report is not None else ""
    style = document_parts.official_style(round.institution, "th", number=number)
    cover = dossier_cover.build(round.institution, round, items, style=style,
                                user=report.requested_by if report is not None else None)
    archive.writestr("cover.pdf", dossier_cover.cover_pdf(cover), compress_type=zipfile.ZIP_STORED)
    archive.writestr("cover.docx", dossier_cover.cover_docx(cover), compress_type=zipfile.ZIP_STORED)


def _index_xlsx(items, target):
    from openpyxl import Workbook

    from genderseal.reports.spreadsheets import text_row

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Evidence"))
    sheet.append([_("Dimension"), _("Benchmark"), _("Benchmark title"), _("Evidence"), _("Owner unit"),
                  _("Date of the evidence"), _("File in the dossier"), _("File name"), "sha256", _("Size (bytes)"),
                  _("Link")])
    for e in items:
        sheet.append(text_row(sheet, [  # titles are never formulas
            e.benchmark.goal.dimension.code, e.benchmark.code, e.benchmark.title_th, e.evidence.title_th,
            str(e.evidence.owner_unit or ""), e.evidence.evidence_date,
            e.path, e.revision.original_name if e.revision else "", e.revision.sha256 if e.revision else "",
            e.revision.size if e.revision else None, e.link.url if e.link else "",
        ]))
    workbook.save(target)
