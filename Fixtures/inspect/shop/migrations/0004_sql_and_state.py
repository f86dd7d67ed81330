from django.db import migrations, models

FORWARD_SQL = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS shop_product_name_upper "
    "ON shop_product (UPPER(name));"
)
REVERSE_SQL = "DROP INDEX CONCURRENTLY IF EXISTS shop_product_name_upper;"


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("shop", "0003_backfill_sku"),
    ]

    operations = [
        migrations.RunSQL(FORWARD_SQL, REVERSE_SQL),
        migrations.RunSQL(
            [
                "UPDATE shop_product SET sku = UPPER(sku);",
                ("UPDATE shop_product SET price = %s WHERE price < 0;", [0]),
            ],
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.RunSQL("DELETE FROM shop_category WHERE title = '';"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="product", name="owner"),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql="ALTER TABLE shop_product DROP COLUMN owner_id;",
                    reverse_sql="ALTER TABLE shop_product ADD COLUMN owner_id integer NULL;",
                ),
            ],
        ),
        migrations.RenameField("product", "name", "title"),
    ]
