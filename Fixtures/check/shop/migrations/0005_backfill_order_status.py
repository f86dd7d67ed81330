from django.db import migrations


def backfill_status(apps, schema_editor):
    Order = apps.get_model("shop", "Order")
    for order in Order.objects.filter(status=""):
        order.status = "paid" if order.total > 0 else "open"
        order.save(update_fields=["status"])


class Migration(migrations.Migration):

    dependencies = [
        ("shop", "0004_remove_customer_fax"),
    ]

    operations = [
        migrations.RunPython(backfill_status),
    ]
