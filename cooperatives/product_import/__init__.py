"""Bulk product import: a cooperative's staff upload a CSV or XLSX of products.

``reading`` turns the upload into rows (refusing files it cannot read), ``photos``
opens the optional ZIP of photos (refusing unsafe ones), ``rows`` checks each row
against the catalogue and matches it to its photo, ``services`` writes them all or
nothing (``photo_writing`` the photos) and keeps an ``ImportJob`` up to date,
``sample`` builds the template files.
"""
