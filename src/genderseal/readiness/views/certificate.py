"""Pages for the Seal certificate: the list (current and past), recording one, the scanned copy."""
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from genderseal.core import errors
from genderseal.core.scoping import get_scoped
from genderseal.core.views import member_view
from genderseal.evidence.filetypes import UploadRefused

from .. import certificates
from ..forms import CertificateForm
from ..models import Certificate


@require_GET
@member_view("certificate.view")
def certificate_list(request, membership):
    today = timezone.localdate()
    rows = list(Certificate.objects.for_member(membership).select_related("level", "recorded_by"))
    current = certificates.current_certificate(membership.institution, today)
    for c in rows:
        c.state = certificates.status(c, today)
        c.is_current = current is not None and c.pk == current.pk
    return render(request, "readiness/certificate_list.html", {
        "certificates": rows, "current": current,
        "can_manage": membership.can("certificate.manage"),
        "reminder_days": certificates.reminder_days(), "valid_years": certificates.valid_years(),
    })


@require_http_methods(["GET", "POST"])
@member_view("certificate.manage")
def certificate_edit(request, membership, pk=None):
    certificate = get_scoped(Certificate.objects.select_related("level"), membership, pk=pk) if pk else None
    form = CertificateForm(request.POST or None, request.FILES or None, instance=certificate, membership=membership)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                scan = certificates.store_scan(form.cleaned_data["scan"]) if form.cleaned_data.get("scan") else None
                certificates.save_certificate(membership, certificate, form.cleaned_data,
                                              version=form.cleaned_data.get("version"), scan=scan)
            except UploadRefused as refused:
                form.add_error("scan", str(refused))
            except errors.DomainError as error:
                status = errors.on_form(form, error)
            else:
                messages.success(request, _("Certificate saved."))
                return redirect("certificate-list", slug=membership.institution.slug)
    return render(request, "readiness/form.html", {
        "form": form,
        "heading": _("Edit certificate") if certificate else _("Record a certificate"),
        "back": ("certificate-list", _("Certificate")),
    }, status=status)


@require_GET
@member_view("certificate.view")
def certificate_scan(request, membership, pk):
    from genderseal.evidence.storage import get_store

    certificate = get_scoped(Certificate.objects.all(), membership, pk=pk)
    store = get_store()
    if not certificate.scan_name or not store.exists(certificate.scan_name):
        raise Http404
    return FileResponse(store.open(certificate.scan_name), as_attachment=True,
                        filename=certificate.scan_original_name or "certificate",
                        content_type=certificate.scan_content_type or "application/octet-stream")
