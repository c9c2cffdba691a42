"""Background work: text extraction after an upload, meaning vectors after a re-index, re-segmenting after a
term change. (A dossier is built as an issued file: reports.tasks.build_report.)"""
import logging

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task(queue_name="extraction")
def extract_revision(revision_id):
    """Fill in the revision's text; any failure marks it failed with its reason (never pending forever)."""
    from .models import EvidenceRevision
    from .search import reindex

    revision = EvidenceRevision.objects.select_related("evidence__owner_unit").get(pk=revision_id)
    try:
        text, error = _extract(revision), ""
    except Exception as failure:  # a damaged file must not stop the queue; the item stays findable by its title
        logger.exception("text extraction failed for revision %s", revision_id)
        text, error = "", failure_reason(failure)
    _save_extraction(revision, text, error)
    reindex(revision.evidence)


def _extract(revision):
    """The revision's text, read in a child process within the extraction limits (extract.extract_limited)."""
    from . import extract
    from .storage import get_store

    if not extract.can_extract(revision.content_type):
        return ""
    with get_store().open(revision.storage_name) as handle:
        data = handle.read()
    return extract.extract_limited(revision.content_type, data)


def failure_reason(failure):
    """One line for the evidence item's page: the kind of failure and its message (a limit: the message)."""
    from .extract import ExtractionFailed, LimitExceeded

    message = " ".join(str(failure).split())
    if isinstance(failure, (LimitExceeded, ExtractionFailed)):
        return message[:300]
    return f"{type(failure).__name__}: {message}"[:300] if message else type(failure).__name__


def _save_extraction(revision, text, error):
    from django.db import DatabaseError

    from .models import ExtractionState

    revision.extracted_text, revision.extraction_error = text, error
    revision.extraction = ExtractionState.FAILED if error else ExtractionState.DONE
    try:
        with transaction.atomic():
            revision.save(update_fields=["extracted_text", "extraction", "extraction_error"])
    except DatabaseError as failure:  # the text itself could not be stored: keep the reason, drop the text
        logger.exception("storing extracted text failed for revision %s", revision.pk)
        revision.extracted_text, revision.extraction = "", ExtractionState.FAILED
        revision.extraction_error = failure_reason(failure)
        revision.save(update_fields=["extracted_text", "extraction", "extraction_error"])


@task(queue_name="extraction")
def embed_evidence(evidence_id):
    """The item's meaning vectors (meaning.py; unchanged text and model: nothing recomputed), then its suggestions."""
    from .meaning import embed_evidence as embed
    from .models import Evidence
    from .suggest import suggest

    evidence = Evidence.objects.filter(pk=evidence_id).first()
    if evidence is None:
        return 0
    written = embed(evidence)
    suggest(evidence)  # the benchmarks it likely serves, from the vectors just stored
    return written


@task(queue_name="extraction")
def reindex_terms(institution_id, containing=None):
    """Re-segment the institution's items after its search terms changed (only those holding `containing`)."""
    from .search import reindex_words

    changed = reindex_words(institution_id, containing)
    logger.info("re-segmented %s search documents of institution %s", changed, institution_id)
    return changed


def after_commit(task_function, *args):
    """Enqueue once the surrounding transaction has committed (the worker must see the rows)."""
    transaction.on_commit(lambda: task_function.enqueue(*args))
