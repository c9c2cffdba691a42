"""Pages for imports from other systems: the saved column mappings and the upload with a dry run."""
from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from genderseal.core.audit import record
from genderseal.core.forms import ModelForm
from genderseal.core.imports import from_upload
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view

from .. import feeds
from ..models import ImportMapping


def parse_value_columns(text):
    """Lines "column = option" or "column = option @ INDICATOR" -> the mapping's value columns."""
    out, problems = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        column, sep, rest = line.partition("=")
        option, _at, indicator = rest.partition("@")
        if not sep or not column.strip() or not option.strip():
            problems.append(_("line %(n)s: write column = option, or column = option @ indicator") % {"n": number})
            continue
        out.append({"column": column.strip(), "option": option.strip().lower(), "indicator": indicator.strip()})
    return out, problems


class MappingForm(ModelForm):
    values_text = forms.CharField(label=gettext_lazy("Value columns"), required=False, widget=forms.Textarea(
        attrs={"rows": 4}), help_text=gettext_lazy("One line per column: column = option, or column = option @ "
                                                   "indicator code when the project has several indicators."))

    class Meta:
        model = ImportMapping
        fields = ["name", "project_column", "month_column", "progress_column", "narrative_column"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["values_text"] = "\n".join(
                f"{v['column']} = {v['option']}" + (f" @ {v['indicator']}" if v.get("indicator") else "")
                for v in self.instance.value_columns)

    def clean_values_text(self):
        columns, problems = parse_value_columns(self.cleaned_data.get("values_text"))
        if problems:
            raise forms.ValidationError(problems)
        self.instance.value_columns = columns
        return self.cleaned_data.get("values_text")


@member_view("planning.manage")
def feed_list(request, membership):
    return render(request, "planning/feed_list.html", {
        "mappings": ImportMapping.objects.for_member(membership)})


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def feed_edit(request, membership, pk=None):
    mapping = get_scoped(ImportMapping.objects.all(), membership, pk=pk) if pk else ImportMapping(
        institution=membership.institution)
    form = MappingForm(request.POST or None, instance=mapping)
    if request.method == "POST" and form.is_valid():
        duplicate = ImportMapping.objects.for_member(membership).filter(name=form.cleaned_data["name"]).exclude(
            pk=mapping.pk)
        if duplicate.exists():
            form.add_error("name", _("A mapping of that name exists."))
        else:
            mapping = form.save(commit=False)
            if mapping.pk:
                mapping.version += 1
            mapping.save()
            record("planning.mapping.save", mapping.name, institution=membership.institution, actor=request.user,
                   after={"columns": [mapping.project_column, mapping.month_column, mapping.progress_column,
                                      mapping.narrative_column], "values": mapping.value_columns})
            messages.success(request, _("Mapping saved."))
            return redirect("planning-feed-import", slug=membership.institution.slug, pk=mapping.pk)
    return render(request, "planning/feed_edit.html", {"form": form, "mapping": mapping},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@member_view("planning.manage")
def feed_import(request, membership, pk):
    mapping = get_scoped(ImportMapping.objects.select_related("institution"), membership, pk=pk)
    problems, summary, preview, status = [], None, None, 200
    if request.method == "POST" and request.POST.get("dry_run"):
        problems, preview, status = from_upload(request, lambda data, name: feeds.preview(mapping, data, name))
    elif request.method == "POST":
        problems, summary, status = from_upload(
            request, lambda data, name: feeds.import_feed(mapping, data, name, actor=request.user))
        if summary:
            messages.success(request, _("Imported %(values)s values; %(unchanged)s rows of approved periods "
                                        "were unchanged and skipped.") % summary)
    return render(request, "planning/feed_import.html", {
        "mapping": mapping, "problems": problems, "summary": summary, "preview": preview,
    }, status=status)
