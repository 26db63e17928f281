"""Signals for writes that Django's own signals do not see.

A bulk insert sends no ``post_save``: whoever writes products, stock or photos in bulk sends
``products_bulk_written`` with the products' ids, and the caching package (caching/receivers.py)
makes those products' pages and the listings stale."""

from django.dispatch import Signal

# Sent with product_ids: the ids of the products written; new=True when they were just created.
products_bulk_written = Signal()
