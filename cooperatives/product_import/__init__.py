"""Bulk product import: a cooperative's staff upload a CSV or XLSX of products.

``reading`` turns the upload into rows (refusing files it cannot read), ``rows``
checks each row against the catalogue, ``services`` writes them all or nothing and
keeps an ``ImportJob`` up to date, ``sample`` builds the template files.
"""
