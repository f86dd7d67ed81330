import MigcheckModel
@testable import MigcheckRules
import MigcheckSyntax
import XCTest

/// A migration's signature is what range modes compare to tell an edit that
/// changes the database from one that only reformats the file.
final class SignatureTests: XCTestCase {
    func signature(_ operations: String, imports: String = "from django.db import migrations, models\n") throws -> String {
        let text = imports + "\n\nclass Migration(migrations.Migration):\n    operations = [\n" + operations + "\n    ]\n"
        let file = MigrationExtractor.extract(path: "app/migrations/0001_initial.py", app: "app", name: "0001_initial", module: Parser.parse(text))
        return try XCTUnwrap(file.migration).signature()
    }

    func field(_ field: String) throws -> String {
        try signature("        migrations.AddField('order', 'customer', \(field)),", imports: "import django\nimport django.db.models.deletion\nfrom django.db import migrations, models\n")
    }

    func testKeywordOrderDoesNotCount() throws {
        XCTAssertEqual(try field("models.CharField(max_length=20, null=True)"), try field("models.CharField(null=True, max_length=20)"))
        XCTAssertNotEqual(try field("models.CharField(max_length=20, null=True)"), try field("models.CharField(max_length=30, null=True)"))
    }

    /// Projects moving to Django 2.0 added on_delete to every ForeignKey of
    /// their old migrations; none had meant CASCADE, so nothing changed.
    func testOnDeleteAddedForDjango2IsNoChange() throws {
        let before = try field("models.ForeignKey(to='shop.Customer', null=True)")
        for spelled in ["models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to='shop.Customer', null=True)",
                        "models.ForeignKey(to='shop.Customer', null=True, on_delete=models.CASCADE)",
                        "models.ForeignKey('shop.Customer', models.CASCADE, null=True)",
                        "models.ForeignKey('shop.Customer', null=True, on_delete=models.deletion.CASCADE)"] {
            XCTAssertEqual(try field(spelled), before, spelled)
        }
        XCTAssertNotEqual(try field("models.ForeignKey(to='shop.Customer', null=True, on_delete=models.PROTECT)"), before)
        XCTAssertNotEqual(try field("models.ForeignKey(to='shop.Client', null=True, on_delete=models.CASCADE)"), before)
        XCTAssertEqual(try field("models.ForeignKey(to='shop.customer', null=True, on_delete=models.CASCADE)"), before,
                       "Django keys models by lower-cased name (awx main.0184)")
        XCTAssertNotEqual(try field("models.ForeignKey(to='Shop.Customer', null=True, on_delete=models.CASCADE)"), before,
                          "app labels are case-sensitive")
        XCTAssertEqual(Value.lowercasedModel("'Shop.Sub.Customer'"), "'Shop.sub.customer'", "split where ModelKey splits: at the first dot")
        XCTAssertEqual(try field("mptt.fields.TreeForeignKey(to='shop.Customer')"),
                       try field("mptt.fields.TreeForeignKey(to='shop.Customer', on_delete=django.db.models.deletion.CASCADE)"))
        XCTAssertEqual(try field("models.ManyToManyField('shop.customer')"), try field("models.ManyToManyField(to='shop.Customer')"))
        XCTAssertEqual(try field("models.ForeignKey('Customer', models.CASCADE, null=True)"),
                       try field("models.ForeignKey(to='app.customer', on_delete=models.CASCADE, null=True)"),
                       "a bare target is a model of the migration's app")
        XCTAssertNotEqual(try field("models.ForeignKey('Customer', models.CASCADE, null=True)"), before)
        XCTAssertNotEqual(try field("models.ManyToManyField(to='shop.Customer')"),
                          try field("models.ManyToManyField(to='shop.Customer', on_delete=models.CASCADE)"),
                          "a many-to-many relation has no on_delete to default")
        XCTAssertNotEqual(try field("models.ForeignKey(to='shop.Customer', on_delete=models.SET(get_sentinel))"), before)
    }

    /// A formatter (black) splitting an expression over lines, with the
    /// trailing comma it adds, changes no value (arches 0001 and 7794).
    func testLayoutOfExpressionsDoesNotCount() throws {
        let before = try signature("        migrations.RunSQL(read(os.path.join(ROOT, 'db', 'data.sql'))),")
        XCTAssertEqual(try signature("""
                    migrations.RunSQL(
                        read(
                            os.path.join(ROOT, "db", "data.sql"),  # the seed data
                        ),
                    ),
            """.replacingOccurrences(of: "\"", with: "'")), before)
        XCTAssertNotEqual(try signature("        migrations.RunSQL(read(os.path.join(ROOT, 'db', 'other.sql'))),"), before)
        let field = "        migrations.AddField('order', 'options', models.JSONField(default=%@)),"
        XCTAssertEqual(try signature(String(format: field, "lambda: dict(a=False, b=[1, 2],)")),
                       try signature(String(format: field, "lambda: dict(\n            a=False, b=[1, 2]\n        )")))
        XCTAssertEqual(try signature(String(format: field, "lambda: {'a': [1,], 'b': (2, 3,)}")),
                       try signature(String(format: field, "lambda: {'a': [1], 'b': (2, 3)}")))
        XCTAssertNotEqual(try signature(String(format: field, "lambda: (1,)")), try signature(String(format: field, "lambda: (1)")),
                          "a one-item tuple keeps its comma")
        XCTAssertNotEqual(try signature(String(format: field, "lambda: x in (1,)")), try signature(String(format: field, "lambda: x in (1)")))
        XCTAssertEqual(try signature(String(format: field, "lambda: f(1,)")), try signature(String(format: field, "lambda: f(1)")))
        XCTAssertEqual(try signature(String(format: field, "lambda: f('a', b'x', f'{y}')")),
                       try signature(String(format: field, "lambda: f(\"a\", b\"x\", f\"{y}\")")), "black's double quotes")
        XCTAssertNotEqual(try signature(String(format: field, "lambda: f('a\"b')")), try signature(String(format: field, "lambda: f(\"a'b\")")))
        XCTAssertNotEqual(try signature(String(format: field, "lambda: f('a')")), try signature(String(format: field, "lambda: f('b')")))
    }

    /// Attributes Django never sends to the database (WebODM reworded the
    /// help_text of its 2017 migrations) change nothing a database saw.
    func testStateOnlyAttributesDoNotCount() throws {
        let before = try field("models.CharField(max_length=255, help_text='Output of OpenDroneMap', null=True)")
        for edited in ["models.CharField(max_length=255, help_text='Output of ODM', null=True)",
                       "models.CharField(max_length=255, null=True, verbose_name='output', blank=True)",
                       "models.CharField(max_length=255, null=True, choices=[('a', 'A')], validators=[check], editable=False)"] {
            XCTAssertEqual(try field(edited), before, edited)
        }
        XCTAssertNotEqual(try field("models.CharField(max_length=200, help_text='Output of OpenDroneMap', null=True)"), before)
        XCTAssertNotEqual(try field("models.CharField(max_length=255, help_text='Output of OpenDroneMap', null=True, db_column='out')"), before)
        let relation = try field("models.ForeignKey(to='shop.Customer', null=True, on_delete=models.CASCADE, related_name='orders')")
        XCTAssertEqual(try field("models.ForeignKey(to='shop.Customer', null=True, on_delete=models.CASCADE, related_name='+')"), relation)
        XCTAssertNotEqual(try field("models.ForeignKey(to='shop.Customer', null=True, on_delete=models.PROTECT, related_name='orders')"), relation,
                          "on_delete decides what a later data migration's deletes do")
        let model = "        migrations.CreateModel('Task', [('id', models.AutoField(primary_key=True)), ('uuid', models.CharField(max_length=9%@))]),"
        XCTAssertEqual(try signature(String(format: model, ", help_text=\"Identifier (OpenDroneMap's)\"")),
                       try signature(String(format: model, ", help_text=\"Identifier (NodeODM's)\"")))
        let bases = "        migrations.CreateModel('Talk', [('id', models.AutoField(primary_key=True))], bases=(%@, models.Model)),"
        XCTAssertEqual(try signature(String(format: bases, "pretalx.common.mixins.models.LogMixin")),
                       try signature(String(format: bases, "pretalx.common.models.mixins.LogMixin")), "a mixin moved to another module")
        XCTAssertNotEqual(try signature(String(format: bases, "pretalx.common.mixins.models.LogMixin")),
                          try signature(String(format: bases, "pretalx.common.mixins.models.GenerateCode")))
        XCTAssertNotEqual(try signature(String(format: bases, "'shop.product'")), try signature(String(format: bases, "'shop.item'")),
                          "a concrete parent is a table")
        XCTAssertNotEqual(try signature("        shop.Custom(help_text='a'),", imports: "import shop\nfrom django.db import migrations\n"),
                          try signature("        shop.Custom(help_text='b'),", imports: "import shop\nfrom django.db import migrations\n"),
                          "only fields' attributes are known")
    }

    /// hypha 6.5 re-cased the verbose_name in an applied AlterModelOptions:
    /// model options and managers live in the state only, but `managed`
    /// decides whether later operations reach the table.
    func testStateOnlyModelOptionsDoNotCount() throws {
        let options = "        migrations.AlterModelOptions('screeningstatus', {%@}),"
        let before = try signature(String(format: options, "'verbose_name': 'Screening Decision', 'ordering': ['-id']"))
        XCTAssertEqual(try signature(String(format: options, "'verbose_name': 'Screening decision'")), before)
        XCTAssertNotEqual(try signature(String(format: options, "'verbose_name': 'Screening decision', 'managed': False")), before)
        let model = "        migrations.CreateModel('Task', [('id', models.AutoField(primary_key=True))], options={%@}, managers=[%@]),"
        let created = try signature(String(format: model, "'verbose_name': 'task', 'db_table': 'todo_task'", "('objects', shop.TaskManager())"))
        XCTAssertEqual(try signature(String(format: model, "'db_table': 'todo_task', 'verbose_name_plural': 'tasks'", "")), created)
        XCTAssertNotEqual(try signature(String(format: model, "'db_table': 'todo_tasks'", "")), created, "db_table names the table")
        XCTAssertNotEqual(try signature(String(format: model, "'db_table': 'todo_task', 'proxy': True", "")), created, "a proxy has no table")
        let fields = "        migrations.CreateModel('Title', [%@]),"
        let ordered = try signature(String(format: fields, "('id', models.AutoField(primary_key=True)), ('title', models.CharField(max_length=255)), ('slug', models.SlugField())"))
        XCTAssertEqual(try signature(String(format: fields, "('slug', models.SlugField()), ('id', models.AutoField(primary_key=True)), ('title', models.CharField(max_length=255, help_text='x'))")),
                       ordered, "the order of the columns on new databases only")
        XCTAssertNotEqual(try signature(String(format: fields, "('id', models.AutoField(primary_key=True)), ('title', models.CharField(max_length=200)), ('slug', models.SlugField())")), ordered)
        XCTAssertEqual(try signature("        migrations.AlterModelManagers('task', [('objects', shop.TaskManager())]),"),
                       try signature("        migrations.AlterModelManagers('task', []),"))
        XCTAssertNotEqual(try signature("        shop.Custom('task', options={'verbose_name': 'a'}),", imports: "import shop\nfrom django.db import migrations\n"),
                          try signature("        shop.Custom('task', options={'verbose_name': 'b'}),", imports: "import shop\nfrom django.db import migrations\n"),
                          "only Django's operations are known")
    }

    /// wagtail 8 made Page swappable with swapper: its released migrations
    /// now name `swapper.get_model_name("wagtailcore", "Page")`, which is
    /// wagtailcore.Page while WAGTAILCORE_PAGE_MODEL is not set.
    func testSwapperModelNamesAreTheModelThatStands() throws {
        let imports = "import swapper\nfrom django.db import migrations, models\n"
        let relation = "        migrations.AddField('site', 'root_page', models.ForeignKey(on_delete=models.CASCADE, to=%@)),"
        let before = try signature(String(format: relation, "'wagtailcore.Page'"), imports: imports)
        XCTAssertEqual(try signature(String(format: relation, "swapper.get_model_name('wagtailcore', 'Page')"), imports: imports), before)
        XCTAssertNotEqual(try signature(String(format: relation, "swapper.get_model_name('wagtailcore', 'Site')"), imports: imports), before)
        let swapped = ["settings.WAGTAILCORE_PAGE_MODEL": "home.Page"]
        func migration(_ target: String, _ dependency: String) throws -> Migration {
            let text = imports + "\n\nclass Migration(migrations.Migration):\n    dependencies = [\(dependency)]\n    operations = [\n" + String(format: relation, target) + "\n    ]\n"
            return try XCTUnwrap(MigrationExtractor.extract(path: "app/migrations/0002_b.py", app: "app", name: "0002_b", module: Parser.parse(text)).migration)
        }
        let literal = try migration("'wagtailcore.Page'", "('wagtailcore', '__first__')")
        let viaSwapper = try migration("swapper.get_model_name('wagtailcore', 'Page')", "swapper.dependency('wagtailcore', 'Page')")
        XCTAssertEqual(viaSwapper.signature(), literal.signature())
        XCTAssertNotEqual(viaSwapper.signature(swappable: swapped), literal.signature(swappable: swapped))
        XCTAssertEqual(viaSwapper.signature(swappable: swapped), try migration("'home.Page'", "('home', '__first__')").signature(swappable: swapped))
    }

    /// A StreamField's blocks live in Python; `use_json_field` chose the column's type.
    func testStreamFieldBlocksDoNotCount() throws {
        let imports = "import wagtail.fields\nfrom django.db import migrations, models\n"
        let stream = "        migrations.AddField('page', 'body', wagtail.fields.StreamField(%@, blank=True, use_json_field=%@)),"
        let before = try signature(String(format: stream, "[('hero', 93), ('html', 29)], block_lookup={29: ('wagtail.blocks.RawHTMLBlock', (), {})}", "True"), imports: imports)
        XCTAssertEqual(try signature(String(format: stream, "[('hero', 88)], block_lookup={88: ('wagtail.blocks.StructBlock', [[]], {})}, max_num=3", "True"), imports: imports), before)
        XCTAssertNotEqual(try signature(String(format: stream, "[('hero', 93)]", "False"), imports: imports), before)
    }

    /// Code imported from a project module is judged, but it is not the
    /// file's: an edit of that module is no edit of the migration.
    func testImportedCodeIsNotTheFiles() throws {
        let text = "from django.db import migrations\nfrom shop.utils import backfill\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunPython(backfill)]\n"
        let file = MigrationExtractor.extract(path: "shop/migrations/0002_x.py", app: "shop", name: "0002_x", module: Parser.parse(text))
        func signature(_ body: String) throws -> String {
            let read = ImportedCode.resolve([file], only: [file.path]) { $0 == "shop/utils.py" ? Array("def backfill(apps, schema_editor):\n    \(body)\n".utf8) : nil }
            return try XCTUnwrap(read.first?.migration).signature()
        }
        XCTAssertEqual(try signature("pass"), try signature("apps.get_model('shop', 'Product').objects.update(slug=None)"))
    }

    /// saleor 3.22 re-spelled its money fields' `Decimal("0")` defaults as `Decimal(0)`.
    func testDecimalOfAnIntegerStringIsThatInteger() throws {
        let spelled = "models.DecimalField(decimal_places=3, default=%@, max_digits=12)"
        let before = try field(String(format: spelled, "Decimal('0')"))
        XCTAssertEqual(try field(String(format: spelled, "Decimal(0)")), before)
        XCTAssertEqual(try field(String(format: spelled, "decimal.Decimal(\"0\")")), before)
        XCTAssertNotEqual(try field(String(format: spelled, "Decimal(1)")), before)
        XCTAssertNotEqual(try field(String(format: spelled, "Decimal('0.5')")), try field(String(format: spelled, "Decimal('0.50001')")))
    }

    func testCheckConstraintsConditionIsItsOldCheck() throws {
        let constraint = "        migrations.AddConstraint('order', models.CheckConstraint(%@=models.Q(total__gte=0), name='total_positive')),"
        XCTAssertEqual(try signature(String(format: constraint, "check")), try signature(String(format: constraint, "condition")))
        XCTAssertNotEqual(try signature(String(format: constraint, "check")),
                          try signature(String(format: constraint, "condition").replacingOccurrences(of: "gte=0", with: "gte=1")))
    }

    /// A data migration's function renamed, or its body changed, is a code
    /// edit (it runs on new databases only); a reverse added is not.
    func testRenamedFunctionsAreCodeEdits() throws {
        func with(_ functions: String, _ operation: String) throws -> Migration {
            let text = "from django.db import migrations\n\n" + functions + "\n\nclass Migration(migrations.Migration):\n    operations = [" + operation + "]\n"
            let file = MigrationExtractor.extract(path: "app/migrations/0002_x.py", app: "app", name: "0002_x", module: Parser.parse(text))
            return try XCTUnwrap(file.migration)
        }
        let forward = "def operation_copy(apps, schema_editor):\n    pass\n\ndef operation_copy_reverse(apps, schema_editor):\n    pass\n"
        let renamed = forward.replacingOccurrences(of: "operation_", with: "code_")
        let before = try with(forward, "migrations.RunPython(code=operation_copy, reverse_code=operation_copy_reverse)")
        let after = try with(renamed, "migrations.RunPython(code=code_copy, reverse_code=code_copy_reverse)")
        XCTAssertNotEqual(before.signature(), after.signature())
        XCTAssertEqual(before.signatureWithoutCode(), after.signatureWithoutCode())
        XCTAssertNotEqual(try with(forward, "migrations.RunPython(code=operation_copy)").signatureWithoutCode(), before.signatureWithoutCode(),
                          "dropping the reverse changes what a revert does")
        XCTAssertNotEqual(try with(forward, "migrations.RunPython(code=operation_copy, reverse_code=migrations.RunPython.noop)").signatureWithoutCode(),
                          before.signatureWithoutCode())
    }

    /// The normalisation reads any text, however its strings and brackets
    /// end: unterminated quotes, closers without openers, quotes at the end.
    func testCodeNormalisationTakesAnyText() {
        let pieces = ["'", "\"", "'''", "\\", "(", ")", "[", "]", "{", "}", ",", " ", "\n", "#", "a", "f", "1", "é"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            XCTAssertLessThanOrEqual(Value.code(text).utf8.count, text.utf8.count, text)
        }
        XCTAssertEqual(Value.code("f(a, (b,), [c,],)"), "f(a,(b,),[c])")
    }

    /// kolibri 0.16 wrote its user model out where its migrations had said
    /// `settings.AUTH_USER_MODEL`: the same relation, given the setting's model.
    func testSwappableSettingIsTheModelItNames() throws {
        func signature(_ target: String, _ swappable: [String: String]) throws -> String {
            let text = "from django.conf import settings\nfrom django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n"
                + "    operations = [migrations.AddField('bookmark', 'user', models.ForeignKey(on_delete=models.CASCADE, to=\(target)))]\n"
            let file = MigrationExtractor.extract(path: "bookmarks/migrations/0001_initial.py", app: "bookmarks", name: "0001_initial", module: Parser.parse(text))
            return try XCTUnwrap(file.migration).signature(swappable: swappable)
        }
        let kolibri = ["settings.AUTH_USER_MODEL": "kolibriauth.FacilityUser"]
        XCTAssertEqual(try signature("settings.AUTH_USER_MODEL", kolibri), try signature("'kolibriauth.FacilityUser'", kolibri))
        XCTAssertNotEqual(try signature("settings.AUTH_USER_MODEL", ["settings.AUTH_USER_MODEL": "auth.User"]),
                          try signature("'kolibriauth.FacilityUser'", ["settings.AUTH_USER_MODEL": "auth.User"]))
        XCTAssertNotEqual(try signature("settings.AUTH_USER_MODEL", [:]), try signature("'kolibriauth.FacilityUser'", [:]))
    }

    /// `elidable=True` added to a released data migration (django-filer 3.2.0)
    /// changes what a later squash keeps, not what the database saw.
    func testElidableIsNoChange() throws {
        let before = try signature("        migrations.RunPython(forwards, reverse_code=migrations.RunPython.noop),")
        XCTAssertEqual(try signature("        migrations.RunPython(forwards, reverse_code=migrations.RunPython.noop, elidable=True),"), before)
        XCTAssertEqual(try signature("        migrations.RunSQL('SELECT 1', elidable=True),"), try signature("        migrations.RunSQL('SELECT 1'),"))
        XCTAssertNotEqual(try signature("        migrations.RunPython(forwards, reverse_code=backwards),"), before)
        XCTAssertNotEqual(try signature("        shop.operations.Backfill(elidable=True),", imports: "import shop.operations\nfrom django.db import migrations\n"),
                          try signature("        shop.operations.Backfill(),", imports: "import shop.operations\nfrom django.db import migrations\n"),
                          "a custom operation's keyword may mean anything")
    }
}
