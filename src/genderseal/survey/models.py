"""The staff opinion survey: surveys, their questions, single-use invitations and anonymous responses.

Anonymity is a property of the tables (docs/survey.md): a `Response` has no user, token, IP
address, user agent or time of day, and its primary key is a random UUID, so neither a column
nor the insertion order ties it to the `Invitation` that was used. The invitation keeps only
a `used` flag.
"""
import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, Localized, OrgUnit, ScopedQuerySet

SCALE = (1, 2, 3, 4, 5)


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(Localized, models.Model):
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="surveys")
    title_th = models.CharField(_("title (Thai)"), max_length=500)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    intro_th = models.TextField(_("introduction (Thai)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True,
                                     help_text=_("Answers are refused from this moment."))
    status = models.CharField(_("status"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    owner_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("unit running the survey"))
    evidence = models.ForeignKey("evidence.Evidence", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("recorded as evidence"))
    version = models.PositiveIntegerField(default=1)  # refuses stale edits
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        verbose_name = _("staff survey")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.t("title")

    @property
    def title(self):
        return self.t("title")

    @property
    def intro(self):
        return self.t("intro")

    def refusal(self, now=None):
        """Why answers are refused now (a translated sentence), or None while the survey accepts them."""
        now = now or timezone.now()
        if self.status == SurveyStatus.DRAFT:
            return _("This survey has not started yet.")
        if self.status == SurveyStatus.CLOSED or (self.closes_at and now >= self.closes_at):
            return _("This survey is closed. Answers are no longer accepted.")
        if self.opens_at and now < self.opens_at:
            return _("This survey has not started yet.")
        return None

    @property
    def past_closing(self):
        return self.status == SurveyStatus.OPEN and self.closes_at is not None and self.closes_at <= timezone.now()

    def is_accepting(self, now=None):
        return self.refusal(now) is None


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Scale 1–5")
    TEXT = "text", _("Free text")


DEFAULT_LABELS = {
    "th": ["ไม่เห็นด้วยอย่างยิ่ง", "ไม่เห็นด้วย", "ไม่แน่ใจ", "เห็นด้วย", "เห็นด้วยอย่างยิ่ง"],
    "en": ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"],
}


class SurveyQuestion(Localized, models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField(_("order"), default=0)
    topic = models.SlugField(_("topic"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.LIKERT)
    text_th = models.TextField(_("question (Thai)"))
    text_en = models.TextField(_("question (English)"), blank=True)
    labels_th = models.TextField(_("scale labels (Thai)"), blank=True,
                                 help_text=_("Five lines, from 1 to 5. Empty: disagree … agree."))
    labels_en = models.TextField(_("scale labels (English)"), blank=True,
                                 help_text=_("Five lines, from 1 to 5. Empty: disagree … agree."))
    required = models.BooleanField(_("answer required"), default=False)

    objects = ScopedQuerySet.as_manager()
    institution_path = "survey__institution"

    class Meta:
        verbose_name = _("survey question")
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.t("text")

    @property
    def text(self):
        return self.t("text")

    @property
    def field_name(self):
        return f"q{self.pk}"

    @property
    def is_likert(self):
        return self.kind == QuestionKind.LIKERT

    def labels(self):
        """[(value, label)] for the scale in the active language."""
        raw = self.t("labels")
        lines = [line.strip() for line in raw.splitlines() if line.strip()] if raw else []
        if len(lines) != len(SCALE):
            from django.utils.translation import get_language

            lines = DEFAULT_LABELS["en" if (get_language() or "th")[:2] == "en" else "th"]
        return list(zip(SCALE, lines))


def new_token():
    return secrets.token_urlsafe(18)  # 24 characters, 144 bits


def token_digest(token):
    """What the database keeps of a link's token: its SHA-256 (the token itself is never stored)."""
    return hashlib.sha256(str(token).encode()).hexdigest()


class Invitation(models.Model):
    """One link (and QR code) that accepts exactly one response, or any number when `reusable`.

    Only the digest of its token is stored: the token exists once, in the mail or on the printed
    slip (`services.make_batch`), so no page, export or API can show it. Only `used` changes when
    it is answered: no time, and nothing that names the response.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    digest = models.CharField(max_length=64, unique=True)
    reusable = models.BooleanField(_("open link"), default=False)
    used = models.BooleanField(default=False)

    objects = ScopedQuerySet.as_manager()
    institution_path = "survey__institution"

    class Meta:
        verbose_name = _("survey link")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.survey_id}/{self.pk}"

    @classmethod
    def make(cls, survey, **fields):
        """(unsaved invitation, its token): the token is handed out once and never kept."""
        token = new_token()
        return cls(survey=survey, digest=token_digest(token), **fields), token

    @classmethod
    def for_token(cls):
        return cls.objects.select_related("survey__institution")


class Delivery(models.TextChoices):
    EMAIL = "email", _("By e-mail, one link to each address")
    SLIPS = "slips", _("Sealed printed slips (PDF, one per page)")


class LinkBatch(models.Model):
    """A record of links made for one unit: who made them, how many, against the unit's staff count.

    Listed beside the results for the committee: links made to fill a small group show here.
    Nothing ties a batch to its links or to any response.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="batches")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices)
    count = models.PositiveIntegerField(_("links"))
    staff_count = models.PositiveIntegerField(_("staff in the unit"))
    earlier = models.PositiveIntegerField(default=0)  # links made for this unit before this batch
    flagged = models.BooleanField(default=False)  # takes the unit's links over its staff count
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()
    institution_path = "survey__institution"

    class Meta:
        verbose_name = _("batch of survey links")
        ordering = ["made_at", "pk"]


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    DIVERSE = "diverse", _("Gender-diverse (LGBTIQ+)")


class AgeGroup(models.TextChoices):
    UNDER_30 = "u30", _("Under 30")
    FROM_30 = "30-39", _("30–39")
    FROM_40 = "40-49", _("40–49")
    FROM_50 = "50+", _("50 and over")


class Response(models.Model):
    """One anonymous response. Deliberately without user, token, IP, user agent or time of day."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # random: no order of arrival
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()  # the date only
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices, blank=True)
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))

    objects = ScopedQuerySet.as_manager()
    institution_path = "survey__institution"

    class Meta:
        verbose_name = _("survey response")
        ordering = ["id"]


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)  # no order of arrival either
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "response__survey__institution"

    class Meta:
        verbose_name = _("survey answer")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique"),
            models.CheckConstraint(condition=models.Q(value__isnull=True) | models.Q(value__gte=1, value__lte=5),
                                   name="survey_answer_on_scale"),
        ]
