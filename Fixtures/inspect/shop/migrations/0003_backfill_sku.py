"""Give every product a SKU derived from its id (hand-written)."""
from django.db import migrations

from shop.migration_utils import backfill_titles

BATCH = 500


def backfill_sku(apps, schema_editor):
    Product = apps.get_model("shop", "Product")
    for product in Product.objects.filter(sku="").iterator(chunk_size=BATCH):
        product.sku = f"P{product.pk:08d}"
        product.save(update_fields=["sku"])


def clear_sku(apps, schema_editor):
    apps.get_model("shop", "Product").objects.update(sku="")


class Migration(migrations.Migration):
    dependencies = [("shop", "0002_product_sku")]

    operations = [
        migrations.RunPython(backfill_sku, clear_sku, elidable=True),
        migrations.RunPython(lambda apps, schema_editor: None, migrations.RunPython.noop),
        migrations.RunPython(code=backfill_sku),
        migrations.RunPython(backfill_titles, reverse_code=migrations.RunPython.noop),
    ]
