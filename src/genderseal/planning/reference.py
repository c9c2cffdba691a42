"""Rules for editing the institution's reference data: strategic areas, categories and their options.

An option's code is part of every stored value's key ("female|age-15-24"), so a code in use
cannot change and an option in use cannot go; a new option must keep every indicator using the
category within the combination limit.
"""
from django.utils.translation import gettext as _

from . import rules
from .models import CategoryOption, Indicator, PlanningRule, Value
from .services import BadInput


def option_in_use(category_id, code) -> bool:
    return Value.objects.filter(report__indicator__categories=category_id,
                                option_key__regex=rf"(^|\|){code}(\||$)").exists()


def check_option(membership, option, new_code):
    """Refuse a change to `option` (saved or new) that would orphan values or break the limit."""
    if option.pk:
        stored = CategoryOption.objects.only("code").get(pk=option.pk)
        if stored.code != new_code and option_in_use(option.category_id, stored.code):
            raise BadInput({"code": _("values are stored for %(code)s; its code cannot change") % {
                "code": stored.code}})
        return
    limit = PlanningRule.objects.filter(institution=membership.institution).values_list(
        "combination_limit", flat=True).first() or 60
    indicators = (Indicator.objects.for_member(membership).filter(categories=option.category_id)
                  .prefetch_related("categories__options"))
    for indicator in indicators:
        options = [[o.code for o in c.options.all()] + ([new_code] if c.pk == option.category_id else [])
                   for c in indicator.categories.all()]
        count = rules.combinations(indicator.by_sex, options)
        if count > limit:
            raise BadInput({"code": _("indicator %(code)s would have %(count)s combinations, over the limit of "
                                      "%(limit)s") % {"code": indicator.code, "count": count, "limit": limit}})
