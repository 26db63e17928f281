from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from oscar.apps.catalogue.reviews.views import CreateProductReview
from oscar.core.loading import get_model

from .review_rules import review_permission

Product = get_model("catalogue", "Product")


class CreateVerifiedProductReview(CreateProductReview):
    """Oscar's review form, for buyers who bought the product: anonymous visitors are sent to
    sign in; a signed-in user who did not buy it is told why and sent back, before any form
    is read or saved."""

    def dispatch(self, request, *args, **kwargs):
        product = get_object_or_404(Product, pk=kwargs["product_pk"], is_public=True)
        permission = review_permission(user=request.user, product=product)
        if permission.needs_login:
            return redirect_to_login(request.get_full_path())
        if not permission.allowed:
            messages.warning(request, permission.reason)
            return redirect(product.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)
