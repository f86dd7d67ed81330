import XCTest
import MigcheckModel
import MigcheckSyntax

final class ProjectStateTests: XCTestCase {
    /// A relation's `to` names a model by "app.Model", or by "Model" within
    /// the field's own app; model names in any case, app labels exactly.
    func testRelationTargetsNameModels() {
        let product = ModelKey("shop", "Product")
        for (target, app, named) in [("shop.Product", "orders", true), ("Product", "shop", true), ("shop.PRODUCT", "shop", true),
                                     ("Product", "orders", false), ("shop.Products", "shop", false), ("Shop.Product", "shop", false),
                                     ("shop.Produce", "shop", false), ("orders.Product", "shop", false), ("", "shop", false),
                                     // Only the first dot splits; a dot at either end splits nothing.
                                     ("shop.x.Product", "shop", false), (".Product", "shop", false), ("shop.", "shop", false)] {
            XCTAssertEqual(product.isNamed(byRelation: target, from: app), named, "\(target) from \(app)")
        }
        // Non-ASCII names are lower-cased before they are compared.
        XCTAssertTrue(ModelKey("atelier", "Émaillage").isNamed(byRelation: "atelier.ÉMAILLAGE", from: "x"))
        XCTAssertFalse(ModelKey("atelier", "Émaillage").isNamed(byRelation: "atelier.Émaillages", from: "x"))
        XCTAssertTrue(ModelKey("shop", ".product").isNamed(byRelation: ".Product", from: "shop"))
        XCTAssertTrue(ModelKey("shop", "x.product").isNamed(byRelation: "shop.x.Product", from: "orders"))
    }

    func migration(_ app: String, _ name: String, _ dependencies: [String], _ operations: String) -> (migration: Migration, path: String) {
        let deps = dependencies.map { d -> String in let p = d.split(separator: "."); return "(\"\(p[0])\", \"\(p[1])\")" }
        let text = """
        from django.db import migrations, models
        import django.db.models.deletion
        from myproject.ops import Backfill

        class Migration(migrations.Migration):
            dependencies = [\(deps.joined(separator: ", "))]
            operations = [
        \(operations)
            ]
        """
        let path = "\(app)/migrations/\(name).py"
        let file = MigrationExtractor.extract(path: path, app: app, name: name, module: Parser.parse(text))
        XCTAssertEqual(file.diagnostics.map(\.message), [], name)
        return (file.migration!, path)
    }

    /// Field name → class and keyword arguments as text, to compare with what the models end up as.
    func describe(_ model: ModelState?) -> [String] {
        (model?.fields ?? []).map { name, field in
            guard case .call(let c) = field else { return "\(name): ?" }
            let kwargs = c.keywords.map { k, v -> String in
                switch v {
                case .string(let s): return "\(k)=\(s)"
                case .int(let i): return "\(k)=\(i)"
                case .bool(let b): return "\(k)=\(b)"
                default: return "\(k)=…"
                }
            }
            return "\(name): \(c.className)(\(kwargs.joined(separator: ", ")))"
        }
    }

    lazy var project: [(migration: Migration, path: String)] = [
        migration("shop", "0001_initial", [], """
                migrations.CreateModel(
                    name="Category",
                    fields=[("id", models.AutoField(primary_key=True)), ("title", models.CharField(max_length=100))],
                ),
                migrations.CreateModel(
                    name="Product",
                    fields=[
                        ("id", models.AutoField(primary_key=True)),
                        ("name", models.CharField(max_length=100)),
                        ("category", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="shop.category")),
                    ],
                    options={"ordering": ["name"], "verbose_name": "product"},
                ),
                migrations.AlterUniqueTogether(name="product", unique_together={("category", "name")}),
        """),
        migration("shop", "0002_changes", ["shop.0001_initial"], """
                migrations.AddField("product", "sku", models.CharField(default="x", max_length=32), preserve_default=False),
                migrations.AlterField("product", "name", models.CharField(max_length=200)),
                migrations.RenameField("product", "name", "title"),
                migrations.AddIndex("product", models.Index(fields=["sku"], name="sku_idx")),
                migrations.RenameIndex("product", new_name="sku_index", old_name="sku_idx"),
                migrations.AddConstraint("product", models.CheckConstraint(condition=models.Q(id__gt=0), name="positive")),
                migrations.AlterModelOptions(name="product", options={"verbose_name": "article"}),
                migrations.RenameModel("Category", "Section"),
        """),
        migration("blog", "0001_initial", ["shop.0002_changes"], """
                migrations.CreateModel(name="Post", fields=[("id", models.AutoField(primary_key=True)), ("section", models.ForeignKey("shop.Section", models.CASCADE))]),
                migrations.SeparateDatabaseAndState(state_operations=[migrations.RemoveField("post", "section")]),
                Backfill(model_name="post"),
                Backfill(),
        """),
        migration("shop", "0003_cleanup", ["shop.0002_changes"], """
                migrations.RemoveConstraint("product", "positive"),
                migrations.DeleteModel("Section"),
                migrations.RunPython(migrations.RunPython.noop),
        """),
    ]

    func state(upTo target: MigrationKey? = nil) -> ProjectState {
        let graph = MigrationGraph(project)
        var byKey: [MigrationKey: Migration] = [:]
        for entry in project { byKey[MigrationKey(entry.migration.app, entry.migration.name)] = entry.migration }
        return ProjectState.replay(graph, migrations: byKey, upTo: target)
    }

    func testReplayEqualsTheModelsTheMigrationsDescribe() {
        let final = state()
        let product = final.model(ModelKey("shop", "Product"))
        XCTAssertEqual(describe(product), [
            "id: AutoField(primary_key=true)",
            "title: CharField(max_length=200)",
            "category: ForeignKey(on_delete=…, to=shop.Section)",
            "sku: CharField(max_length=32)",
        ], "preserve_default=False drops the one-off default; RenameModel re-points the foreign key")
        XCTAssertEqual(product?.option("unique_together").map { "\($0)" }?.contains("title"), true, "RenameField updates unique_together")
        XCTAssertEqual(product?.option("verbose_name")?.stringValue, "article")
        XCTAssertNil(product?.option("ordering"), "AlterModelOptions replaces the options it governs")
        XCTAssertEqual(product?.option("indexes")?.listItems?.first?.callKeyword("name")?.stringValue, "sku_index")
        XCTAssertEqual(product?.option("constraints")?.listItems?.count, 0)
        XCTAssertNil(final.model(ModelKey("shop", "Section")), "deleted")
        XCTAssertNil(final.model(ModelKey("shop", "Category")), "renamed")
        let post = final.model(ModelKey("blog", "post"))
        XCTAssertEqual(describe(post), ["id: AutoField(primary_key=true)"], "SeparateDatabaseAndState's state operations apply")
        XCTAssertEqual(post?.unknown.count, 1, "a custom operation marks the model it names as unknown")
        XCTAssertEqual(final.unknownApps["blog"]?.count, 1, "one that names no model marks its app")
    }

    func testStateAtAMigrationHoldsOnlyWhatItDependsOn() {
        let early = state(upTo: MigrationKey("shop", "0001_initial"))
        XCTAssertEqual(describe(early.model(ModelKey("shop", "product"))).map { String($0.prefix { $0 != ":" }) }, ["id", "name", "category"])
        XCTAssertNotNil(early.model(ModelKey("shop", "category")))
        XCTAssertNil(early.model(ModelKey("blog", "post")))
        let blog = state(upTo: MigrationKey("blog", "0001_initial"))
        XCTAssertNotNil(blog.model(ModelKey("shop", "section")), "shop.0003 is not a dependency of blog.0001")
    }

    /// A relation's column holds its target's key: `to_field`, else the
    /// primary key, through a child model's parent link; the swappable user
    /// model by its setting; nothing for a target the state does not hold.
    func testARelationReferencesItsTargetsKey() {
        let entry = migration("shop", "0001_initial", [], """
                migrations.CreateModel(name="Customer", fields=[("uuid", models.UUIDField(primary_key=True)), ("code", models.CharField(max_length=8, unique=True))]),
                migrations.CreateModel(name="Account", fields=[("id", models.BigAutoField(primary_key=True))]),
                migrations.CreateModel(name="Partner", fields=[("account_ptr", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, to="shop.account"))]),
                migrations.CreateModel(name="Legacy", fields=[("name", models.CharField(max_length=10))]),
        """)
        var state = ProjectState()
        state.apply(entry.migration)
        let swappable = ["settings.AUTH_USER_MODEL": "shop.Customer"]
        func referenced(_ field: String) -> String? {
            let file = MigrationExtractor.extract(path: "x/migrations/0002_x.py", app: "x", name: "0002_x", module: Parser.parse("""
                from django.db import migrations, models
                from django.conf import settings
                class Migration(migrations.Migration):
                    operations = [migrations.AddField("order", "f", \(field))]
                """))
            guard let value = file.migration?.operations.operations.first?.argument("field"),
                  case .call(let c)? = state.referencedField(value, from: "shop", swappable: swappable) else { return nil }
            return c.className
        }
        XCTAssertEqual(referenced("models.ForeignKey(on_delete=models.CASCADE, to='shop.customer')"), "UUIDField")
        XCTAssertEqual(referenced("models.ForeignKey('Customer', models.CASCADE, to_field='code')"), "CharField")
        XCTAssertEqual(referenced("models.OneToOneField(on_delete=models.CASCADE, to='shop.partner')"), "BigAutoField",
                       "a child model's key is its parent link, which holds the parent's key")
        XCTAssertEqual(referenced("models.ForeignKey(on_delete=models.CASCADE, to=settings.AUTH_USER_MODEL)"), "UUIDField")
        XCTAssertNil(referenced("models.ForeignKey(on_delete=models.CASCADE, to='shop.legacy')"), "no key in the state: no guess")
        XCTAssertNil(referenced("models.ForeignKey(on_delete=models.CASCADE, to='auth.user')"))
    }
}
