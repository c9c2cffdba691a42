"""Evidence items, their immutable revisions (a file or a URL) and their links to benchmarks.

An item is owned by a unit, reviewed (draft -> submitted -> approved | returned), can
expire, and is deleted softly. Each upload or new link is a new `EvidenceRevision` that is
never changed or deleted. An `EvidenceLink` says which benchmark the item proves and which
of the benchmark's means of verification it answers.
"""
import re
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, Localized, OrgUnit, Role, ScopedQuerySet
from genderseal.standards.models import Benchmark


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    DATASET = "dataset", _("Dataset")
    IMAGE = "image", _("Image")
    OTHER = "other", _("Other")


class EvidenceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class EvidenceQuerySet(ScopedQuerySet):
    def alive(self):
        return self.filter(deleted_at=None)

    def approved(self, on=None):
        """Approved, not deleted and not past its expiry date."""
        on = on or timezone.localdate()
        return self.alive().filter(status=EvidenceStatus.APPROVED).filter(
            Q(expires_on=None) | Q(expires_on__gte=on))


class Evidence(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="evidence")
    owner_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence",
                                   verbose_name=_("owner unit"))
    # Evidence two units answer for together (the seed: Pride Clinic of สนพ. and สนอ.; CEDAW of สกต. and สพส.):
    # their focal points edit it as the owner's do.
    shared_units = models.ManyToManyField(OrgUnit, blank=True, related_name="shared_evidence",
                                          verbose_name=_("units sharing ownership"))
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices, default=EvidenceKind.DOCUMENT)
    evidence_date = models.DateField(_("date of the evidence"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    tags = models.CharField(_("tags"), max_length=500, blank=True, help_text=_("Separate tags with commas."))
    status = models.CharField(_("status"), max_length=16, choices=EvidenceStatus.choices,
                              default=EvidenceStatus.DRAFT, db_index=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)  # refuses stale edits
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = EvidenceQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["-evidence_date", "-pk"]
        indexes = [models.Index(fields=["institution", "status"])]

    def __str__(self):
        return self.t("title")

    @property
    def title(self):
        return self.t("title")

    @property
    def tag_list(self):
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @classmethod
    def restrict_for(cls, queryset, membership):
        """Assessors see approved, current items linked to benchmarks of rounds submitted and assigned to them.

        Deleted items are seen by the secretariat only (to restore them).
        """
        if membership.role != Role.SECRETARIAT:
            queryset = queryset.filter(deleted_at=None)
        if membership.role == Role.ASSESSOR:
            from genderseal.assessments.models import BenchmarkResult, RoundStatus

            submitted = BenchmarkResult.objects.filter(
                round__institution=OuterRef("institution"),
                benchmark__evidence_links__evidence=OuterRef("pk"),
                round__assessor_assignments__user=membership.user_id,
            ).exclude(round__status=RoundStatus.OPEN)
            queryset = queryset.approved().filter(Exists(submitted))
        return queryset

    def editable_by(self, membership):
        """Secretariat edits everything; focal points their own units' items."""
        if self.is_deleted:
            return False
        if membership.role == Role.SECRETARIAT:
            return True
        if membership.role == Role.FOCAL_POINT:
            mine = {u.pk for u in membership.units.all()}
            return (self.owner_unit_id in mine if self.owner_unit_id is not None else False) or bool(
                mine & {u.pk for u in self.shared_units.all()})
        return False


class OfAnItem:
    """What belongs to one evidence item (revisions, links, meaning vectors, suggestions) is in a member's
    scope through its item: they see what belongs to the items they see."""

    institution_path = "evidence__institution"

    @classmethod
    def restrict_for(cls, queryset, membership):
        return queryset.filter(evidence__in=Evidence.restrict_for(Evidence.objects.all(), membership))


class ExtractionState(models.TextChoices):
    NONE = "none", _("Nothing to extract")
    PENDING = "pending", _("Waiting")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class EvidenceRevision(OfAnItem, models.Model):
    """One upload or link. Never changed or deleted once saved (only its extracted text is filled in)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    storage_name = models.CharField(max_length=255, blank=True)  # name in the evidence storage; blank for links
    url = models.URLField(_("link"), max_length=1000, blank=True)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.BigIntegerField(default=0)
    content_type = models.CharField(max_length=127, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    extracted_text = models.TextField(blank=True)
    extraction = models.CharField(max_length=16, choices=ExtractionState.choices, default=ExtractionState.NONE)
    extraction_error = models.CharField(max_length=300, blank=True)  # why extraction failed, shown on the item

    objects = ScopedQuerySet.as_manager()
    MUTABLE = frozenset({"extracted_text", "extraction", "extraction_error"})

    class Meta:
        ordering = ["evidence", "-number"]
        constraints = [models.UniqueConstraint(fields=["evidence", "number"], name="revision_number_unique")]

    def __str__(self):
        return f"{self.evidence_id}#{self.number} {self.original_name or self.url}"

    @property
    def is_file(self):
        return bool(self.storage_name)

    def save(self, *args, **kwargs):
        if self.pk is not None:
            fields = kwargs.get("update_fields")
            if not fields or not set(fields) <= self.MUTABLE:
                raise ValueError("evidence revisions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("evidence revisions are never deleted")


def means_of_verification(benchmark, language="th"):
    """The benchmark's required means of verification, one per line or bullet of its evidence text."""
    text = getattr(benchmark, f"evidence_{language}") or benchmark.evidence_th or benchmark.evidence_en
    return list(_means(text or ""))


@lru_cache(maxsize=2048)
def _means(text):
    # The same 40 texts are split on every round page and coverage view: kept, a standard is a few hundred.
    items = [re.sub(r"^[\s\-•*·]+", "", line).strip() for line in re.split(r"[\n\r]+|\s+-\s+(?=\S)", text)]
    return tuple(item for item in items if item)


class EvidenceLink(OfAnItem, models.Model):
    """The item proves this benchmark; `means` lists which of its means of verification (0-based) it answers."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="links")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.PROTECT, related_name="evidence_links")
    means = models.JSONField(default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["benchmark__order"]
        constraints = [models.UniqueConstraint(fields=["evidence", "benchmark"], name="one_link_per_benchmark")]

    def covers(self, index):
        return not self.means or index in self.means


class SearchTerm(models.Model):
    """A word of the institution's own vocabulary (unit abbreviations, Seal terms) kept whole by the segmenter."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="search_terms")
    term = models.CharField(_("term"), max_length=100)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        ordering = ["term"]
        constraints = [models.UniqueConstraint(fields=["institution", "term"], name="search_term_unique")]

    def __str__(self):
        return self.term


class SearchDocument(models.Model):
    """What the search index holds for one item: `words` segmented (space-separated), `body` as written.

    Both have Thai digits folded to Arabic. SQLite keeps FTS5 tables over them (unicode61 on
    `words`, trigram on `body`); PostgreSQL a tsvector column over `words` and a pg_trgm index
    on `body` (migration 0002).
    """

    evidence = models.OneToOneField(Evidence, primary_key=True, on_delete=models.CASCADE, related_name="search")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    words = models.TextField(blank=True)
    body = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"


class EvidenceEmbedding(OfAnItem, models.Model):
    """One sentence of an item's text (title, description or a file revision's text), or a phrase of it,
    as a meaning vector.

    `vector`: float32 bytes (512 of them for USE multilingual v3); `model`/`version` say which
    encoder wrote it, so rows of another version are ignored and rebuilt (meaning.py).
    """

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="embeddings")
    revision = models.ForeignKey(EvidenceRevision, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="+")  # None: the item's title or description
    chunk = models.PositiveIntegerField()
    text = models.TextField()  # the sentence shown as why the item matched
    phrase = models.TextField(blank=True)  # what was embedded: the sentence or a few words of it
    vector = models.BinaryField()
    model = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["evidence", "chunk"]
        constraints = [models.UniqueConstraint(fields=["evidence", "chunk"], name="one_embedding_per_chunk")]


class SuggestionState(models.TextChoices):
    OPEN = "open", _("Suggested")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class EvidenceSuggestion(OfAnItem, models.Model):
    """A benchmark the item likely serves (suggest.py): the score and the item's sentence that matched, and
    what a member decided (accepting links the item; a rejected benchmark is not suggested again)."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="suggestions")
    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="+")
    means = models.IntegerField(null=True, blank=True)  # the means of verification (0-based) that matched best
    score = models.FloatField()
    sentence = models.TextField()  # the item's sentence closest to the benchmark
    matched = models.TextField()  # the benchmark's title or means of verification it matched
    state = models.CharField(max_length=16, choices=SuggestionState.choices, default=SuggestionState.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["evidence", "-score"]
        constraints = [models.UniqueConstraint(fields=["evidence", "benchmark"], name="one_suggestion_per_benchmark")]


class MeaningCode(models.Model):
    """The 512 signs of one `EvidenceEmbedding` vector (64 bytes), in a narrow table of its own so the
    search index (meaning_index.py) reads an institution's codes without touching the 2 KB vectors."""

    embedding = models.OneToOneField(EvidenceEmbedding, on_delete=models.CASCADE, primary_key=True,
                                     related_name="+")
    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+", db_index=False)
    evidence_pk = models.BigIntegerField()  # the item (its rows go with the embedding's; no second cascade)
    version = models.CharField(max_length=32)
    code = models.BinaryField()

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        indexes = [models.Index(fields=["institution", "version", "embedding"], name="meaning_code_index")]


class BenchmarkEmbedding(models.Model):
    """A benchmark's title or one means of verification (Thai or English) as a meaning vector, with the
    encoder's name and version. Frameworks are shared by every institution, so are these rows; written
    when first needed (suggest.py, in the background task) and by `gender-seal evidence embed --all`."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="+")
    text = models.TextField()
    vector = models.BinaryField()
    model = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["benchmark", "text", "model", "version"],
                                               name="one_embedding_per_benchmark_text")]
