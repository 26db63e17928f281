"""Replaces oscar.apps.catalogue.reviews' app config (not a fork): only buyers who bought may review.

Oscar's reviews app, with its "write a review" view limited to buyers who bought the product.

INSTALLED_APPS lists ``VerifiedReviewsConfig`` in place of Oscar's ``CatalogueReviewsConfig``.
It is the same app (name, label, models, migrations and templates stay Oscar's); only the view
behind ``catalogue:reviews-add`` changes (catalog/review_views.py), so nothing is forked."""

from oscar.apps.catalogue.reviews.apps import CatalogueReviewsConfig


class VerifiedReviewsConfig(CatalogueReviewsConfig):
    def ready(self):
        super().ready()
        from .review_views import CreateVerifiedProductReview

        self.create_view = CreateVerifiedProductReview
