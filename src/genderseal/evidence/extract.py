"""Text out of uploaded files for the search index: PDF, DOCX, XLSX, PPTX, CSV and plain text.

Runs in a background task (tasks.py), in a child process with CPU-time and memory limits
(`extract_limited`, settings EXTRACTION_CPU_SECONDS, EXTRACTION_MEMORY_MB, EXTRACTION_WALL_SECONDS),
so one hostile file cannot hold the worker (and every other institution's tasks) for minutes.
Output is capped so one huge file cannot swell the index.
"""
import io
import re

MAX_CHARS = 500_000
MAX_CELLS = 1_000_000  # spreadsheet cells read at most (the text cap usually stops it first)
# What PostgreSQL cannot store in text (NUL) or UTF-8 cannot encode (lone surrogates), and other control
# characters that carry no words: removed; tabs and line breaks are kept.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def storable(text):
    return UNSTORABLE.sub("", text)


def _pdf(handle):
    from pypdf import PdfReader

    for page in PdfReader(handle).pages:
        yield page.extract_text() or ""


def _docx(handle):
    import docx

    document = docx.Document(handle)
    for paragraph in document.paragraphs:
        yield paragraph.text
    for table in document.tables:
        for row in table.rows:
            yield " ".join(cell.text for cell in row.cells)


def _xlsx(handle):
    """Sheet titles and the cells the file really holds, streamed (never padded to the declared dimension:
    a 6 KB file may declare A1:XFD1048576), at most MAX_CELLS cells."""
    from openpyxl import load_workbook
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = load_workbook(handle, read_only=True, data_only=True)
    cells = 0
    try:
        for sheet in workbook.worksheets:
            yield sheet.title
            with sheet._get_source() as source:
                parser = WorkSheetParser(source, sheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                         date_formats=workbook._date_formats,
                                         timedelta_formats=workbook._timedelta_formats)
                for _number, row in parser.parse():
                    cells += len(row)
                    yield " ".join(str(c["value"]) for c in row if c["value"] is not None)
                    if cells >= MAX_CELLS:
                        return
    finally:
        workbook.close()


def _pptx(handle):
    from pptx import Presentation

    for slide in Presentation(handle).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield shape.text_frame.text


def _text(handle):
    yield io.TextIOWrapper(handle, encoding="utf-8-sig", errors="replace").read(MAX_CHARS)


EXTRACTORS = {
    "application/pdf": _pdf,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _docx,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": _xlsx,
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": _pptx,
    "text/plain": _text,
    "text/csv": _text,
}


def can_extract(content_type):
    return content_type in EXTRACTORS


def extract_text(content_type, handle):
    """All the text of the file, up to MAX_CHARS. Raises on a damaged file."""
    extractor = EXTRACTORS.get(content_type)
    if extractor is None:
        return ""
    parts, total = [], 0
    for part in extractor(handle):
        parts.append(part)
        total += len(part)
        if total >= MAX_CHARS:
            break
    return storable("\n".join(parts)[:MAX_CHARS])


class LimitExceeded(Exception):
    """The file needed more processor time, memory or time than extraction may take."""


def extract_limited(content_type, data):
    """`extract_text` of `data` (bytes) in a child process with CPU-time and memory limits.

    Raises LimitExceeded with a message for the evidence item's page, or the extractor's own error.
    """
    import multiprocessing

    from django.conf import settings
    from django.utils.translation import gettext as _

    cpu = settings.EXTRACTION_CPU_SECONDS
    memory = settings.EXTRACTION_MEMORY_MB * 1024 * 1024
    wall = settings.EXTRACTION_WALL_SECONDS
    context = multiprocessing.get_context("fork")  # the child touches no database connection and exits with _exit
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, content_type, data, cpu, memory), daemon=True)
    child.start()
    sender.close()
    answered = False
    try:
        if not receiver.poll(wall):
            child.kill()
            raise LimitExceeded(_("reading the text took longer than %(seconds)d seconds") % {"seconds": wall})
        try:
            ok, value = receiver.recv()
        except EOFError:  # killed by a limit before it could answer
            ok, value = False, None
        answered = True
    finally:
        receiver.close()
        if not answered and child.is_alive():  # stopped from outside: the task's time limit
            child.kill()
        child.join(5)
    if ok:
        return value
    if value is None or value == "memory":
        import signal

        if value is None and child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            raise LimitExceeded(_("reading the text needed more than %(seconds)d seconds of processor time")
                                % {"seconds": cpu})
        raise LimitExceeded(_("reading the text needed more than %(mb)d MB of memory")
                            % {"mb": settings.EXTRACTION_MEMORY_MB})
    raise ExtractionFailed(value)


def _mapped_bytes():
    import os

    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


class ExtractionFailed(Exception):
    """The extractor raised in the child process; the message names the error."""


def _child(sender, content_type, data, cpu, memory):
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        if memory:  # on top of what the (forked) worker already maps
            limit = _mapped_bytes() + memory
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        sender.send((True, extract_text(content_type, io.BytesIO(data))))
    except MemoryError:
        sender.send((False, "memory"))
    except BaseException as error:  # noqa: BLE001 - anything the extractor raised, as text for the parent
        message = " ".join(str(error).split())
        sender.send((False, f"{type(error).__name__}: {message}"[:300] if message else type(error).__name__))
    finally:
        sender.close()
