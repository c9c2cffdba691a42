"""The institution's own search terms: words the Thai segmenter keeps whole (Seal vocabulary, names).

Unit abbreviations (สยป.) are terms too, read from the unit list. Adding or removing a term
changes how text is cut into words, so the items whose text holds it are re-segmented by a
background task (`tasks.reindex_terms`); until it has run, they are still found by the text
inside words, only ranked lower.
"""
import unicodedata

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from genderseal.core.audit import record
from genderseal.core.models import OrgUnit
from genderseal.thai.digits import to_arabic_digits
from genderseal.thai.segment import fold, letters_only

from . import tasks
from .models import SearchTerm
from .services import EvidenceError, check_plain_text

MAX_LENGTH = 100


def clean_term(text):
    """The term as stored (NFC, Arabic digits, trimmed), or EvidenceError saying what is wrong."""
    term = to_arabic_digits(unicodedata.normalize("NFC", text or "")).strip()
    if len([ch for ch in letters_only(term) if unicodedata.category(ch)[0] in "LN"]) < 2:
        raise EvidenceError(_("A term needs at least two letters or digits."))
    if len(term) > MAX_LENGTH:
        raise EvidenceError(_("A term has at most %(n)s characters.") % {"n": MAX_LENGTH})
    if any(ch.isspace() for ch in term):
        raise EvidenceError(_("A term is one word: write it without spaces."))
    check_plain_text(_("Term"), term)
    return term


def unit_terms(institution_id):
    return sorted({a for a in OrgUnit.objects.filter(institution_id=institution_id)
                   .values_list("abbreviation", flat=True) if a})


def add_term(membership, text):
    term = clean_term(text)
    folded = fold(term)
    existing = [*SearchTerm.objects.filter(institution=membership.institution).values_list("term", flat=True),
                *unit_terms(membership.institution_id)]
    if any(fold(other) == folded for other in existing):
        raise EvidenceError(_("“%(term)s” is already in the dictionary.") % {"term": term})
    try:
        with transaction.atomic():
            created = SearchTerm.objects.create(institution=membership.institution, term=term)
            record("evidence.term_add", created, institution=membership.institution, actor=membership.user,
                   ref=f"evidence.searchterm:{created.pk}", term=term)
            tasks.after_commit(tasks.reindex_terms, membership.institution_id, [term])
    except IntegrityError:  # added by someone else a moment ago
        raise EvidenceError(_("“%(term)s” is already in the dictionary.") % {"term": term}) from None
    return created


@transaction.atomic
def remove_term(membership, term):
    record("evidence.term_remove", term, institution=membership.institution, actor=membership.user,
           ref=f"evidence.searchterm:{term.pk}", term=term.term)
    tasks.after_commit(tasks.reindex_terms, membership.institution_id, [term.term])
    term.delete()


@transaction.atomic
def reindex_all(membership):
    """After unit abbreviations changed, or to be sure: re-segment every item of the institution."""
    record("evidence.reindex", membership.institution, institution=membership.institution, actor=membership.user)
    tasks.after_commit(tasks.reindex_terms, membership.institution_id, None)
