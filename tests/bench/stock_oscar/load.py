"""Fill the stock Oscar shop with N products and build its Whoosh index.

    STOCK_OSCAR_DIR=/tmp/x DJANGO_SETTINGS_MODULE=tests.bench.stock_oscar.settings \
        .venv/bin/python -m tests.bench.stock_oscar.load --products 5000

Titles and categories come from the demo catalogue (``marketplace/demo/data.py``, plain data), so the
stock shop holds the same kind of produce as ours: N products over its eight categories, one partner,
a stock record each (price, plenty of stock). Rows are written with ``bulk_create``: this measures
pages, not the loader.
"""

import argparse
import time
from decimal import Decimal

import django


def load(products: int) -> None:
    from django.core.management import call_command
    from django.db import transaction
    from oscar.core.loading import get_model
    from oscar.core.utils import slugify

    from marketplace.demo.data import CATEGORIES, COOPERATIVES

    Category = get_model("catalogue", "Category")
    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    ProductClass = get_model("catalogue", "ProductClass")
    Partner = get_model("partner", "Partner")
    StockRecord = get_model("partner", "StockRecord")

    produce = [
        (title, category, price)
        for _coop, _commune, _district, rows in COOPERATIVES
        for title, category, price, *_rest in rows
    ]
    with transaction.atomic():
        product_class = ProductClass.objects.create(name="Nông sản", requires_shipping=True, track_stock=True)
        partner = Partner.objects.create(name="HTX Nông nghiệp Phước An")
        categories = {name: Category.add_root(name=name) for name in CATEGORIES}
        rows = [
            Product(
                title=f"{title} {n}",
                slug=slugify(f"{title} {n}"),
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
            )
            for n, (title, _category, _price) in enumerate(produce[i % len(produce)] for i in range(products))
        ]
        created = Product.objects.bulk_create(rows, batch_size=500)
        ProductCategory.objects.bulk_create(
            [
                ProductCategory(product=p, category=categories[produce[n % len(produce)][1]])
                for n, p in enumerate(created)
            ],
            batch_size=500,
        )
        StockRecord.objects.bulk_create(
            [
                StockRecord(
                    partner=partner,
                    product=p,
                    partner_sku=f"SKU-{p.pk}",
                    price=Decimal(produce[n % len(produce)][2]),
                    num_in_stock=100_000,
                )
                for n, p in enumerate(created)
            ],
            batch_size=500,
        )
    started = time.perf_counter()
    call_command("rebuild_index", interactive=False, verbosity=0)
    print(f"{products} products loaded; Whoosh index built in {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=5000)
    args = parser.parse_args()
    django.setup()
    load(args.products)


if __name__ == "__main__":
    main()
