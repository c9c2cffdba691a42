"""Background work: text extraction after an upload, re-segmenting after a term change, building a dossier."""
import logging

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def extract_revision(revision_id):
    from . import extract
    from .models import EvidenceRevision, ExtractionState
    from .search import reindex
    from .storage import get_store

    revision = EvidenceRevision.objects.select_related("evidence__owner_unit").get(pk=revision_id)
    try:
        with get_store().open(revision.storage_name) as handle:
            text = extract.extract_text(revision.content_type, handle)
        revision.extracted_text, revision.extraction = text, ExtractionState.DONE
    except Exception:  # a damaged file must not stop the queue; the item stays findable by its title
        logger.exception("text extraction failed for revision %s", revision_id)
        revision.extracted_text, revision.extraction = "", ExtractionState.FAILED
    revision.save(update_fields=["extracted_text", "extraction"])
    reindex(revision.evidence)


@task()
def reindex_terms(institution_id, containing=None):
    """Re-segment the institution's items after its search terms changed (only those holding `containing`)."""
    from .search import reindex_words

    changed = reindex_words(institution_id, containing)
    logger.info("re-segmented %s search documents of institution %s", changed, institution_id)
    return changed


@task()
def build_dossier(dossier_id):
    from .dossier import build

    build(dossier_id)


def after_commit(task_function, *args):
    """Enqueue once the surrounding transaction has committed (the worker must see the rows)."""
    transaction.on_commit(lambda: task_function.enqueue(*args))
