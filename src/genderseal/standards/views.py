"""The framework browser and the framework upload (the benchmark page is assessments.views.benchmark)."""
import hashlib

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from genderseal.core.views import declare_access, member_view

from .models import Benchmark, Dimension, Framework, Goal, Level, ResultOption


@member_view("framework.view")
def framework_list(request, membership):
    return render(request, "standards/framework_list.html", {
        "frameworks": Framework.objects.all(),
    })


@member_view("framework.view")
def framework_detail(request, membership, code):
    framework = get_object_or_404(Framework, code=code)
    dimensions = Dimension.objects.filter(framework=framework, retired=False).prefetch_related(
        Prefetch("goals", queryset=Goal.objects.filter(retired=False).prefetch_related(
            Prefetch("benchmarks", queryset=Benchmark.objects.current())
        ))
    )
    return render(request, "standards/framework_detail.html", {
        "framework": framework,
        "dimensions": dimensions,
        "levels": Level.objects.filter(framework=framework),
        "options": ResultOption.objects.filter(framework=framework),
    })


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(label=_("Framework file (.yaml or .xlsx)"))


@declare_access("staff")
@login_required
def framework_upload(request):
    if not request.user.is_staff:  # frameworks are shared by every institution
        raise Http404
    from .excel import load_xlsx
    from .loader import parse_yaml
    from .services import load_framework
    from .spec import FrameworkError

    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        name = upload.name
        try:
            if name.lower().endswith((".yaml", ".yml")):
                spec = parse_yaml(data, name)
                report = load_framework(spec, name, hashlib.sha256(data).hexdigest(), actor=request.user)
            elif name.lower().endswith(".xlsx"):
                report = load_xlsx(data, name, actor=request.user)
            else:
                raise forms.ValidationError(_("%(name)s is not a framework file: use .yaml or .xlsx.") % {"name": name})
            messages.success(request, _("Framework loaded."))
        except FrameworkError as error:
            for problem in error.problems:
                form.add_error("file", str(problem))
        except forms.ValidationError as error:
            form.add_error("file", error)
    return render(request, "standards/framework_upload.html", {"form": form, "report": report})
