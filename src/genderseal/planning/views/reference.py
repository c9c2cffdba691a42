"""Reference data pages: the institution's strategic areas (variants side by side) and its
disaggregation categories with their options."""
from itertools import groupby

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import forms, services
from ..models import Category, CategoryOption, StrategicArea
from .edit import _edit


def _reference_url(membership):
    return reverse("planning-reference", args=[membership.institution.slug])


@member_view("planning.view")
def reference(request, membership):
    areas = StrategicArea.objects.for_member(membership).annotate(n_projects=Count("projects"))
    variants = [(variant, list(rows)) for variant, rows in groupby(areas, key=lambda a: a.variant)]
    categories = (Category.objects.for_member(membership)
                  .annotate(n_indicators=Count("indicators", distinct=True))
                  .prefetch_related(Prefetch("options", queryset=CategoryOption.objects.order_by("order", "code"))))
    return render(request, "planning/reference.html", {"variants": variants,
                                                       "categories": categories})


def _own_record_edit(request, membership, model, form_class, name, titles, **key):
    """A reference record the institution owns (strategic area, category): new when `key` names none."""
    obj = (get_scoped(model.objects.all(), membership, **key) if all(key.values())
           else model(institution=membership.institution))
    return _edit(request, membership, form_class, obj, name=name, title=titles[0] if obj.pk else titles[1],
                 done=lambda o: _reference_url(membership), institution=membership.institution)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def area_edit(request, membership, pk=None):
    return _own_record_edit(request, membership, StrategicArea, forms.StrategicAreaForm, "strategic_area",
                            (_("Edit strategic area"), _("New strategic area")), pk=pk)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def category_edit(request, membership, code=None):
    return _own_record_edit(request, membership, Category, forms.CategoryForm, "category",
                            (_("Edit category"), _("New category")), code=code)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def option_edit(request, membership, code, option=None):
    category = get_scoped(Category.objects.all(), membership, code=code)
    obj = (get_scoped(CategoryOption.objects.all(), membership, category=category, code=option) if option
           else CategoryOption(category=category))
    return _edit(request, membership, forms.CategoryOptionForm, obj, name="category_option",
                 title=(_("Edit option of %(category)s") if option else _("New option of %(category)s")) % {
                     "category": category},
                 done=lambda o: _reference_url(membership), category=category)


@member_view("planning.manage")
@require_POST
def option_remove(request, membership, code, option):
    obj = get_scoped(CategoryOption.objects.select_related("category"), membership, category__code=code, code=option)
    try:
        services.remove_category_option(membership, obj, actor=request.user)
        messages.success(request, _("Option %(code)s removed.") % {"code": option})
    except services.BadInput as error:
        messages.error(request, error.problems["option"])
    return redirect(_reference_url(membership))
