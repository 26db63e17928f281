"""The workspace's storefront pages: edit the cooperative's own storefront (saved as a Wagtail draft),
preview the draft, publish it. Only ever the signed-in staff member's own cooperative's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cooperatives import storefront_editing as editing
from cooperatives.selectors import storefront_of
from cooperatives.storefronts import storefront_create

from .access import workspace_view
from .storefront_forms import StorefrontForm

THUMBNAIL = "fill-160x120"


def _own_storefront(request):
    storefront = storefront_of(request.cooperative)
    if storefront is None:
        raise Http404
    return storefront


@workspace_view
def index(request):
    storefront = editing.storefront_for_editing(request.cooperative)
    if storefront is None:
        return render(request, "workspace/storefront/missing.html", {"active": "storefront"})
    draft = editing.storefront_draft(storefront)
    photos, certificates = editing.storefront_draft_items(draft, thumbnail=THUMBNAIL)
    removable = [(item.block_id, item.label or _("Photo")) for item in photos + certificates]
    cooperative = request.cooperative
    form = StorefrontForm(
        request.POST or None,
        request.FILES or None,
        removable=removable,
        initial={**editing.storefront_texts(draft),
                 "phone": cooperative.phone, "email": cooperative.email, "address": cooperative.address,
                 "tax_code": cooperative.tax_code},
    )
    if request.method == "POST" and form.is_valid() and _save(request, storefront, form):
        if "and_publish" in request.POST:  # "Save and publish": one tap for staff who need no preview
            storefront.refresh_from_db(fields=["latest_revision", "has_unpublished_changes"])
            return _publish(request, storefront)
        messages.success(request, _("Saved as a draft. Check it with “Preview”, then tap “Publish” to show it "
                                    "to buyers."))
        return redirect("workspace:storefront")
    return render(request, "workspace/storefront/edit.html", {
        "active": "storefront", "form": form, "storefront": storefront, "draft": draft,
        "photos": photos, "certificates": certificates, "latest_revision": storefront.latest_revision,
    })


def _save(request, storefront, form) -> bool:
    data = form.cleaned_data
    new_certificates = []
    if data["certificate_name"]:
        new_certificates.append(editing.NewCertificate(
            name=data["certificate_name"], number=data["certificate_number"], file=data["certificate_file"]
        ))
    try:
        with transaction.atomic():  # the contact and the draft are saved together, or neither
            _save_both(request, storefront, data, new_certificates)
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return False
    return True


def _save_both(request, storefront, data, new_certificates):
    editing.cooperative_contact_update(
        cooperative=request.cooperative, phone=data["phone"], email=data["email"], address=data["address"],
        tax_code=data["tax_code"],
    )
    editing.storefront_draft_save(
        storefront=storefront, user=request.user, story_text=data["story"], tagline=data["tagline"],
        story_en=data["story_en"], tagline_en=data["tagline_en"],
        new_photos=[editing.NewPhoto(file=upload, caption=data["photo_caption"]) for upload in data["photos"]],
        new_certificates=new_certificates, removed_block_ids=set(data["remove"]),
    )


@workspace_view
def preview(request):
    """The draft in the shop's own layout, as buyers will see it once published."""
    draft = editing.storefront_draft(_own_storefront(request))
    return draft.make_preview_request(request, draft.default_preview_mode)


@require_POST
@workspace_view
def publish(request):
    return _publish(request, _own_storefront(request))


def _publish(request, storefront):
    if not storefront.has_unpublished_changes:
        messages.info(request, _("Nothing new to publish: buyers already see the latest version."))
    else:
        editing.storefront_publish(storefront=storefront, user=request.user)
        messages.success(request, _("Published: buyers now see your storefront as you left it."))
    return redirect(reverse("workspace:storefront"))


@require_POST
@workspace_view
def create(request):
    """A cooperative approved before storefronts existed (or whose page was removed) gets one, the way
    approval makes it: published at once, with its editors' group and its own collection."""
    if storefront_of(request.cooperative) is None:
        try:
            storefront_create(cooperative=request.cooperative)
        except IntegrityError:
            pass  # a double tap: the first request made it (one storefront per cooperative)
        messages.success(request, _("Your storefront is ready: tell buyers your story."))
    return redirect(reverse("workspace:storefront"))


urlpatterns = [
    path("storefront/", index, name="storefront"),
    path("storefront/preview/", preview, name="storefront-preview"),
    path("storefront/publish/", publish, name="storefront-publish"),
    path("storefront/create/", create, name="storefront-create"),
]
