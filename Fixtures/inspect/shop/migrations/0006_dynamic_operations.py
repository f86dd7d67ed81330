from django.db import migrations, models

COLOURS = ["red", "green", "blue"]

BASE = [
    migrations.AddField("product", "colour", models.CharField(max_length=10, null=True)),
]


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_custom_operations")]

    operations = BASE + [
        migrations.AddField("product", f"has_{c}", models.BooleanField(default=False))
        for c in COLOURS
    ]
