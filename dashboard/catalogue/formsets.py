"""Oscar's product formsets; a cooperative keeps exactly one stock record per product."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from oscar.apps.dashboard.catalogue import formsets as oscar_formsets
from oscar.core.loading import get_model

from accounts import roles

StockRecord = get_model("partner", "StockRecord")


class StockRecordFormSet(oscar_formsets.StockRecordFormSet):
    """The stock record holds a cooperative's price and stock for the product: its staff get one
    row, never a spare one, and cannot delete it (they delete the product instead)."""

    def __init__(self, product_class, user, *args, **kwargs):
        if not roles.is_officer(user):
            product = kwargs.get("instance")
            has_own = (
                product is not None
                and product.pk is not None
                and StockRecord.objects.filter(product=product, partner__users=user).exists()
            )
            self.extra = 0 if has_own else 1
            self.max_num = 1
            self.validate_max = True
        super().__init__(product_class, user, *args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors) or not self.require_user_stockrecord:
            return
        kept = {
            form.cleaned_data.get("partner")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        }
        if not kept & set(self.user.partners.all()):
            raise ValidationError(
                _("The stock record holds your price and stock and cannot be deleted. Delete the product instead.")
            )
