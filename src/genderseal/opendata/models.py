"""What an institution publishes as open data, and the frozen snapshots the public reads.

`PublicationChoice` rows say, per institution and item, whether it goes into the next
publication (who changed it and when). Pressing Publish freezes the chosen data into a
`PublishedDataset` (JSON payload, version number, sha256). The public pages, downloads and
the public API read only the live dataset of an institution, never the records behind it,
so nothing changes publicly until the secretariat publishes again; Unpublish withdraws it.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from genderseal.core.models import Institution, ScopedQuerySet


class Item(models.TextChoices):
    LEVEL = "level", _("Current level")
    DIMENSIONS = "dimensions", _("Results per dimension")
    INDICATORS = "indicators", _("Indicator results by sex")
    REPORTING = "reporting", _("Reporting rates")


ITEMS = [choice.value for choice in Item]


class Publication(models.Model):
    """The institution's publication settings: the fiscal year for planning figures, a version against stale forms."""

    institution = models.OneToOneField(Institution, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE) of the planning figures"), null=True,
                                                   blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"


class PublicationChoice(models.Model):
    """One item the secretariat chose to publish (or not), with who changed it and when."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    item = models.CharField(_("item"), max_length=16, choices=Item.choices)
    enabled = models.BooleanField(_("publish"), default=False)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    changed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    institution_path = "institution"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["institution", "item"], name="opendata_one_choice_per_item")]


class DatasetQuerySet(ScopedQuerySet):
    def live(self):
        return self.filter(live=True)


class PublishedDataset(models.Model):
    """A frozen publication: exactly what the public sees until the next Publish or an Unpublish."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField(_("version"))
    items = models.JSONField(default=list)  # the items it holds, in ITEMS order
    payload = models.JSONField()
    sha256 = models.CharField(max_length=64)  # of the canonical JSON of the payload
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    live = models.BooleanField(default=True, db_index=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    objects = DatasetQuerySet.as_manager()
    institution_path = "institution"

    def item_labels(self):
        """The items it holds, as words (not their codes)."""
        labels = dict(Item.choices)
        return [str(labels.get(item, item)) for item in self.items]

    class Meta:
        ordering = ["institution", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "version"], name="opendata_dataset_version_unique"),
            models.UniqueConstraint(fields=["institution"], condition=Q(live=True), name="opendata_one_live_dataset"),
        ]

    def __str__(self):
        return f"{self.institution.slug} v{self.version}"
