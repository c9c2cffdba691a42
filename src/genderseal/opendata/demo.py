"""BMA's demo publication: the current level, the results per dimension and the indicator results by sex
of FY2568, published by the secretariat. Idempotent: nothing happens when a dataset is already live."""
from genderseal.core.models import Membership, Role

from . import services
from .models import PublishedDataset

DEMO_ITEMS = ["level", "dimensions", "indicators"]
DEMO_FISCAL_YEAR = 2568


def load_opendata_demo(institution):
    if PublishedDataset.objects.filter(institution=institution, live=True).exists():
        return None
    membership = (Membership.objects.select_related("institution", "user")
                  .filter(institution=institution, role=Role.SECRETARIAT).order_by("pk").first())
    if membership is None:
        return None
    current = services.state(membership)
    services.save_choices(membership, DEMO_ITEMS, DEMO_FISCAL_YEAR, current.publication.version)
    return services.publish(membership)
