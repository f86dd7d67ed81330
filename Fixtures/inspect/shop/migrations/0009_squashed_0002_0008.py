from django.db import migrations


class Migration(migrations.Migration):
    replaces = [
        ("shop", "0002_product_sku"),
        ("shop", "0003_backfill_sku"),
    ]

    dependencies = [("shop", "0001_initial")]

    operations = [
        migrations.AlterModelTable("product", "shop_item"),
    ]
