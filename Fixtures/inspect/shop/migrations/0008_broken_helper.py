from django.db import migrations


def helper(apps, schema_editor):
    rows = [1, 2, 3
    return rows


class Migration(migrations.Migration):
    dependencies = [("shop", "0007_modern_syntax")]

    operations = [
        migrations.RemoveField(model_name="product", name="colour"),
    ]
