import XCTest
@testable import MigcheckModel
import MigcheckSyntax

final class ExtractorTests: XCTestCase {
    func extract(_ text: String, name: String = "0002_test") -> ExtractedFile {
        MigrationExtractor.extract(path: "app/migrations/\(name).py", app: "app", name: name, module: Parser.parse(text))
    }

    func operations(_ body: String, imports: String = "from django.db import migrations, models\n") -> [MigcheckModel.Operation] {
        let text = imports + "\nclass Migration(migrations.Migration):\n    operations = [\n" + body + "\n    ]\n"
        let file = extract(text)
        XCTAssertEqual(file.diagnostics.map(\.message), [])
        return file.migration?.operations.operations ?? []
    }

    func testPositionalArgumentsGetDjangosParameterNames() {
        let ops = operations("""
                migrations.AddField('book', 'title', models.CharField(max_length=10, null=True), False),
                migrations.RenameIndex('book', new_name='new_idx', old_fields=('a', 'b')),
                migrations.RunPython(forwards, backwards, True),
        """)
        XCTAssertEqual(ops.map(\.type), ["AddField", "RenameIndex", "RunPython"])
        XCTAssertEqual(ops[0].arguments.map(\.0), ["model_name", "name", "field", "preserve_default"])
        XCTAssertEqual(ops[0].argument("model_name")?.stringValue, "book")
        guard case .call(let field)? = ops[0].argument("field") else { return XCTFail("field") }
        XCTAssertEqual(field.className, "CharField")
        XCTAssertEqual(field.callee, "models.CharField")
        guard case .int(10)? = field.keyword("max_length"), case .bool(true)? = field.keyword("null") else { return XCTFail("kwargs") }
        guard case .bool(false)? = ops[0].argument("preserve_default") else { return XCTFail("preserve_default") }
        XCTAssertEqual(ops[1].arguments.map(\.0), ["model_name", "new_name", "old_fields"])
        XCTAssertEqual(ops[2].arguments.map(\.0), ["code", "reverse_code", "atomic"])
    }

    /// Each argument of Django's operations is read as its parameter says,
    /// by position or keyword; a keyword the signature lacks, by its name.
    func testArgumentsAreReadAsTheirParameters() {
        let ops = operations("""
                migrations.SeparateDatabaseAndState([migrations.RunSQL('SELECT 1')], [migrations.DeleteModel('a')]),
                migrations.RunSQL('SELECT 1', None, [migrations.DeleteModel('b')]),
                migrations.RunPython(forwards, state_operations=[migrations.DeleteModel('c')], code2=forwards),
                migrations.AddField('book', 'sql', models.TextField(), code='x'),
                project.Custom(forwards, sql='SELECT 1', state_operations=[]),
        """)
        guard case .operations(let db)? = ops[0].argument("database_operations"),
              case .operations(let state)? = ops[0].argument("state_operations") else { return XCTFail("nested") }
        XCTAssertEqual(db.operations.map(\.type), ["RunSQL"])
        XCTAssertEqual(state.operations.map(\.type), ["DeleteModel"])
        guard case .sql? = ops[1].argument("sql"), case .none? = ops[1].argument("reverse_sql"),
              case .operations(let sqlState)? = ops[1].argument("state_operations") else { return XCTFail("RunSQL") }
        XCTAssertEqual(sqlState.operations.map(\.type), ["DeleteModel"])
        guard case .callable? = ops[2].argument("code"), case .operations? = ops[2].argument("state_operations"),
              case .expression("forwards")? = ops[2].argument("code2") else { return XCTFail("RunPython") }
        // Names that mean something for RunPython or RunSQL only are plain values elsewhere.
        guard case .string("sql")? = ops[3].argument("name"), case .string("x")? = ops[3].argument("code") else { return XCTFail("AddField") }
        guard case .expression("forwards")? = ops[4].extraPositional.first, case .string("SELECT 1")? = ops[4].argument("sql"),
              case .list(let items)? = ops[4].argument("state_operations"), items.isEmpty else { return XCTFail("custom") }
    }

    func testNumbersAreReadInEveryForm() {
        let ops = operations("""
                migrations.AddField('book', 'n', models.IntegerField(a=1_000, b=0x1F, c=0O17, d=0b101, e=-42, f=00,
                    g=9223372036854775807, h=-9223372036854775807, i=9223372036854775808, j=1_0.5e1_0, k=-2.5, l=3j)),
        """)
        guard case .call(let field)? = ops.first?.argument("field") else { return XCTFail("field") }
        var read: [String: String] = [:]
        for (name, value) in field.keywords {
            switch value {
            case .int(let v): read[name] = "int \(v)"
            case .float(let v): read[name] = "float \(v)"
            case .expression(let text): read[name] = "expr \(text)"
            default: read[name] = "other"
            }
        }
        XCTAssertEqual(read, [
            "a": "int 1000", "b": "int 31", "c": "int 15", "d": "int 5", "e": "int -42", "f": "int 0",
            "g": "int 9223372036854775807", "h": "int -9223372036854775807",
            // Past Int's range, and complex numbers, stay as written.
            "i": "expr 9223372036854775808", "j": "float 105000000000.0", "k": "float -2.5", "l": "expr 3j",
        ])
    }

    func testImportsDecideWhatIsDjango() {
        let imports = """
        from django.db import migrations as m, models
        from django.db.migrations import AddField
        from django.contrib.postgres.operations import AddIndexConcurrently as AIC
        import django.contrib.postgres.operations
        from myproject import dbaware
        from myproject.ops import RemoveField

        """
        let text = imports + """
        class Migration(m.Migration):
            operations = [
                AddField("a", "b", models.IntegerField(null=True)),
                AIC("a", models.Index(fields=["b"], name="i")),
                django.contrib.postgres.operations.CreateExtension("citext"),
                dbaware.RunSQL("SELECT 1"),
                RemoveField("a", "b"),
                m.RunSQL("SELECT 1"),
            ]
        """
        let ops = extract(text).migration!.operations.operations
        XCTAssertEqual(ops.map(\.type), ["AddField", "AddIndexConcurrently", "CreateExtension", "RunSQL", "RemoveField", "RunSQL"])
        XCTAssertEqual(ops.map(\.isDjango), [true, true, true, false, false, true])
        XCTAssertEqual(ops[3].callee, "dbaware.RunSQL")
        XCTAssertEqual(ops[3].extraPositional.count, 1, "a custom operation keeps its positional arguments unnamed")
        XCTAssertEqual(ops[2].argument("name")?.stringValue, "citext")
    }

    func testALocalClassShadowsDjangosName() {
        let text = """
        from django.db import migrations
        from django.db.migrations import RunSQL

        class RunSQL(RunSQL):
            pass

        class Migration(migrations.Migration):
            operations = [RunSQL("SELECT 1")]
        """
        XCTAssertEqual(extract(text).migration!.operations.operations.map(\.isDjango), [false])
    }

    func testRunPythonCodeIsResolvedToItsDefinition() {
        let text = """
        from django.db import migrations

        def forwards(apps, schema_editor):
            pass

        class Migration(migrations.Migration):
            def backwards(apps, schema_editor):
                pass

            operations = [
                migrations.RunPython(forwards, backwards),
                migrations.RunPython(lambda a, s: None, migrations.RunPython.noop),
                migrations.RunPython(helpers.fill),
                migrations.RunPython(code=forwards, reverse_code=None),
            ]
        """
        let ops = extract(text).migration!.operations.operations
        guard case .callable(let f)? = ops[0].argument("code"), case .callable(let b)? = ops[0].argument("reverse_code") else { return XCTFail() }
        XCTAssertEqual(f.kind, .function)
        XCTAssertEqual(f.startLine, 3)
        XCTAssertEqual(f.endLine, 4)
        XCTAssertEqual(f.source, "def forwards(apps, schema_editor):\n    pass")
        XCTAssertEqual(b.startLine, 7)
        guard case .callable(let lambda)? = ops[1].argument("code"), case .noop(let noop)? = ops[1].argument("reverse_code") else { return XCTFail() }
        XCTAssertEqual(lambda.kind, .lambda)
        XCTAssertEqual(noop, "migrations.RunPython.noop")
        guard case .callable(let external)? = ops[2].argument("code") else { return XCTFail() }
        XCTAssertEqual(external.kind, .external)
        XCTAssertEqual(external.name, "helpers.fill")
        guard case .none? = ops[3].argument("reverse_code") else { return XCTFail("explicit None") }
    }

    func testRunSQLForms() {
        let text = """
        from django.db import migrations

        FORWARD = "CREATE TABLE a (id int);" \\
            " -- joined"
        BACK = "DROP TABLE " + "a;"

        class Migration(migrations.Migration):
            operations = [
                migrations.RunSQL(FORWARD, BACK),
                migrations.RunSQL(["SELECT 1;", ("UPDATE t SET a = %s;", [1]), build()], migrations.RunSQL.noop),
                migrations.RunSQL(sql="SELECT 2;", reverse_sql=None, elidable=True, hints={"target_db": "default"}),
            ]
        """
        let ops = extract(text).migration!.operations.operations
        guard case .sql(let forward)? = ops[0].argument("sql"), case .sql(let back)? = ops[0].argument("reverse_sql") else { return XCTFail() }
        XCTAssertEqual(forward.map(\.sql), ["CREATE TABLE a (id int); -- joined"])
        XCTAssertEqual(back.map(\.sql), ["DROP TABLE a;"])
        guard case .sql(let list)? = ops[1].argument("sql") else { return XCTFail() }
        XCTAssertEqual(list.map(\.sql), ["SELECT 1;", "UPDATE t SET a = %s;", nil])
        XCTAssertNotNil(list[1].params)
        XCTAssertEqual(list[2].expression, "build()")
        guard case .noop? = ops[1].argument("reverse_sql"), case .none? = ops[2].argument("reverse_sql") else { return XCTFail() }
        XCTAssertEqual(ops[2].arguments.map(\.0), ["sql", "reverse_sql", "hints", "elidable"])
    }

    func testSeparateDatabaseAndStateNestsOperations() {
        let ops = operations("""
                migrations.SeparateDatabaseAndState(
                    database_operations=[migrations.RunSQL("ALTER TABLE a DROP COLUMN b;")],
                    state_operations=[migrations.RemoveField("a", "b")],
                ),
        """)
        guard case .operations(let db)? = ops[0].argument("database_operations"),
              case .operations(let state)? = ops[0].argument("state_operations") else { return XCTFail() }
        XCTAssertEqual(db.operations.map(\.type), ["RunSQL"])
        XCTAssertEqual(state.operations.map(\.type), ["RemoveField"])
    }

    func testMigrationAttributes() {
        let text = """
        # Generated by Django 3.2.12 on 2022-03-01 10:00
        from django.conf import settings
        from django.db import migrations

        class Migration(migrations.Migration):
            initial = True
            atomic = False
            replaces = [("app", "0001_a"), ("app", "0002_b")]
            run_before = [("other", "0003_c")]
            dependencies = [
                migrations.swappable_dependency(settings.AUTH_USER_MODEL),
                ("contenttypes", "__first__"),
                ("app", "__latest__"),
            ]
            operations = []
        """
        let m = extract(text).migration!
        XCTAssertEqual(m.initial, .value(true))
        XCTAssertEqual(m.atomic, .value(false))
        XCTAssertEqual(m.replaces.count, 2)
        XCTAssertEqual(m.runBefore.count, 1)
        guard case .swappable(let setting) = m.dependencies[0], case .migration("contenttypes", "__first__") = m.dependencies[1] else { return XCTFail() }
        XCTAssertEqual(setting, "settings.AUTH_USER_MODEL")
        XCTAssertEqual(m.generatedBy?.djangoVersion, "3.2.12")
        XCTAssertEqual(m.generatedBy?.date, "2022-03-01 10:00")
    }

    /// The setting of `swappable_dependency` is named as the swappable map keys
    /// it, however `settings` was imported; what is not Django's settings stays as written.
    func testSwappableDependencyThroughAnImportedSettingsAlias() {
        let text = """
        from django.conf import settings as conf
        from django.db import migrations
        from myproject import config

        class Migration(migrations.Migration):
            dependencies = [
                migrations.swappable_dependency(conf.AUTH_USER_MODEL),
                migrations.swappable_dependency(config.ORG_MODEL),
                migrations.swappable_dependency("accounts.User"),
            ]
        """
        let settings = extract(text).migration!.dependencies.map { d -> String? in
            if case .swappable(let setting) = d { return setting }
            return nil
        }
        XCTAssertEqual(settings, ["settings.AUTH_USER_MODEL", "config.ORG_MODEL", "accounts.User"])
    }

    /// swapper's `dependency(app_label, model, version=None)` with literal
    /// arguments, or with `*swapper.split(model)` for the first two (a
    /// literal, `get_model_name`, a setting, however `settings` was imported),
    /// and `swapper.split(model)[0]` as a pair's app are understood (the graph
    /// resolves them); any other call stays computed.
    func testSwapperDependencies() {
        let text = """
        import swapper
        from swapper import dependency as swapped
        from django.conf import settings as config
        from django.db import migrations

        USERS = "openwisp_users.User"
        LABEL = swapper.split(swapper.get_model_name("openwisp_radius", "Nas"))[0]

        class Migration(migrations.Migration):
            dependencies = [
                swapper.dependency("pki", "Ca"),
                swapped("openwisp_ipam", "IpAddress", "0002_add_subnet"),
                swapper.dependency(app_label="openwisp_users", model="Organization", version=None),
                swapper.dependency("pki", MODEL),
                other.dependency("pki", "Ca"),
                swapper.dependency(*swapper.split(config.AUTH_USER_MODEL), version="0004_default_groups"),
                swapper.dependency(*swapper.split(USERS)),
                (LABEL, "__first__"),
                swapper.dependency(*swapper.split(config.AUTH_USER_MODEL), "v", "w"),
                (swapper.split(USERS)[1], "0001_initial"),
            ]
            operations = []
        """
        let file = extract(text)
        XCTAssertEqual(file.diagnostics.map { "\($0.code.rawValue) \($0.location.line)" }, ["MC004 14", "MC004 15", "MC004 19", "MC004 20"])
        XCTAssertTrue(file.diagnostics[0].message.hasPrefix("dependencies entry swapper.dependency(\"pki\", MODEL) is computed"), file.diagnostics[0].message)
        XCTAssertEqual(MigrationExtractor.oneLine("f(\n    a,\n    b,\n)"), "f( a, b, )")
        // A name bound to itself ends the lookup: computed, not a hang.
        let loop = extract("import swapper\nfrom django.db import migrations\nLOOP = LOOP\n\nclass Migration(migrations.Migration):\n"
                           + "    dependencies = [(LOOP, 'x'), swapper.dependency(*swapper.split(LOOP))]\n    operations = []\n")
        XCTAssertEqual(loop.diagnostics.map(\.code.rawValue), ["MC004", "MC004"])
        let squash = extract("from django.db import migrations\n\nclass Migration(migrations.Migration):\n    replaces = [(b'stats', '0011_cleanup'), ('stats', '0012_x')]\n    operations = []\n")
        XCTAssertEqual(squash.diagnostics.map(\.message), ["replaces entry (b'stats', '0011_cleanup') is a bytes literal, as Django under Python 2 wrote them: on Python 3 it names no migration, so Django ignores it in replaces and stops on it (NodeNotFoundError) in dependencies and run_before; write str literals"])
        let described = file.migration!.dependencies.map { d -> String in
            switch d {
            case .swapper(.named(let app, let model), let version, let source): return "\(app).\(model)@\(version ?? "-") \(source)"
            case .swapper(.setting(let setting), let version, let source): return "\(setting)@\(version ?? "-") \(source)"
            case .dynamic(let source): return "dynamic \(source)"
            default: return "other"
            }
        }
        XCTAssertEqual(described, ["pki.Ca@- swapper.dependency(\"pki\", \"Ca\")",
                                   "openwisp_ipam.IpAddress@0002_add_subnet swapped(\"openwisp_ipam\", \"IpAddress\", \"0002_add_subnet\")",
                                   "openwisp_users.Organization@- swapper.dependency(app_label=\"openwisp_users\", model=\"Organization\", version=None)",
                                   "dynamic swapper.dependency(\"pki\", MODEL)", "dynamic other.dependency(\"pki\", \"Ca\")",
                                   "settings.AUTH_USER_MODEL@0004_default_groups swapper.dependency(*swapper.split(config.AUTH_USER_MODEL), version=\"0004_default_groups\")",
                                   "openwisp_users.User@- swapper.dependency(*swapper.split(USERS))",
                                   "openwisp_radius.Nas@__first__ (LABEL, \"__first__\")",
                                   "dynamic swapper.dependency(*swapper.split(config.AUTH_USER_MODEL), \"v\", \"w\")",
                                   "dynamic (swapper.split(USERS)[1], \"0001_initial\")"])
    }

    func testGeneratedHeaderForms() {
        func header(_ lines: String) -> String? {
            let text = lines + "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = []\n"
            return extract(text).migration!.generatedBy.map { "\($0.djangoVersion) @ \($0.date)" }
        }
        XCTAssertEqual(header("# Generated by Django 4.2.7 on 2023-11-01 12:00\n"), "4.2.7 @ 2023-11-01 12:00")
        XCTAssertEqual(header("#Generated by Django 1.9 on 2016-01-02\n"), "1.9 @ 2016-01-02")
        XCTAssertEqual(header("# -*- coding: utf-8 -*-\n# Generated by Django 1.11.29 on 2020-03-04 05:06:07\n"),
                       "1.11.29 @ 2020-03-04 05:06:07")
        XCTAssertEqual(header("# Generated by Django 5.0a1 on 2023-09-18 10:00\n"), "5.0a1 @ 2023-09-18 10:00")
        XCTAssertEqual(header("# Generated by Django 5.1rc1 on 2024-07-01 10:00\n"), "5.1rc1 @ 2024-07-01 10:00")
        XCTAssertEqual(header("# Generated by Django 4.1b1 on 2022-05-17 08:00\n"), "4.1b1 @ 2022-05-17 08:00")
        XCTAssertEqual(header("# Generated by Django 4.0.dev20210101 on 2021-01-01 00:00\n"), "4.0.dev20210101 @ 2021-01-01 00:00")
        XCTAssertEqual(header("# Generated by Django 3.2 on 2021-04-06 12:3\n"), "3.2 @ 2021-04-06", "an incomplete time is left out")
        XCTAssertEqual(header("# Generated by Django 3.2 on 2021-04-06 12:30:5\n"), "3.2 @ 2021-04-06 12:30")
        XCTAssertNil(header("# Generated by Django on 2021-04-06\n"))
        XCTAssertNil(header("# Generated by Django 4.2a on 2023-11-01\n"))
        XCTAssertNil(header("# Generated by Django 4.2 on 2023-1-01\n"))
        XCTAssertNil(header("# generated by django 4.2 on 2023-11-01\n"))
        XCTAssertNil(header("\n\n\n# Generated by Django 4.2 on 2023-11-01\n"), "only the first three lines are read")
    }

    func testDynamicOperationsAreReadWherePossibleAndReported() {
        let text = """
        from django.db import migrations

        COMMON = [migrations.DeleteModel("Old")]

        class Migration(migrations.Migration):
            operations = COMMON + [migrations.DeleteModel(n) for n in NAMES]
        """
        let file = extract(text)
        XCTAssertEqual(file.migration!.operations.operations.map(\.type), ["DeleteModel"])
        XCTAssertTrue(file.migration!.operations.isDynamic)
        XCTAssertEqual(file.diagnostics.map(\.code), [.dynamicOperations])
        XCTAssertEqual(file.diagnostics.first?.location.line, 6)

        let appended = extract("""
        from django.db import migrations
        class Migration(migrations.Migration):
            operations = []
            if True:
                operations.append(migrations.DeleteModel("X"))
        """)
        XCTAssertTrue(appended.migration!.operations.isDynamic)
    }

    /// A callee spelled with blanks, a line break or a comment between its
    /// names is the same dotted name; a change to `Migration.operations`
    /// after the class makes the list dynamic, one to another attribute does not.
    func testDottedNamesAcrossBlanksAndChangesAfterTheClass() {
        let ops = operations("""
                migrations . AddField('book', 'title', models.  # the field
                    CharField(max_length=3)),
        """)
        XCTAssertEqual(ops.map(\.type), ["AddField"])
        XCTAssertEqual(ops.first?.callee, "migrations.AddField")
        XCTAssertEqual(ops.first?.isDjango, true)
        guard case .call(let field)? = ops.first?.argument("field") else { return XCTFail("field") }
        XCTAssertEqual(field.callee, "models.CharField")
        XCTAssertEqual(field.className, "CharField")

        let changed = extract("""
        from django.db import migrations
        class Migration(migrations.Migration):
            operations = []
        Migration.operations += [migrations.DeleteModel("X")]
        Migration.initialx = True
        """)
        XCTAssertTrue(changed.migration!.operations.isDynamic)
        XCTAssertEqual(changed.diagnostics.map(\.code), [.dynamicOperations])
        XCTAssertEqual(changed.diagnostics.first?.location.line, 4)
    }

    func testClassLevelNamesAreFollowed() {
        let file = extract("""
        from django.db import migrations

        class Migration(migrations.Migration):
            state_operations = [migrations.RemoveField("product", "charge_taxes")]
            operations = [migrations.SeparateDatabaseAndState(state_operations=state_operations)]
        """)
        guard case .operations(let list)? = file.migration?.operations.operations.first?.argument("state_operations") else { return XCTFail() }
        XCTAssertEqual(list.operations.map(\.type), ["RemoveField"])
        XCTAssertTrue(list.isDynamic, "not a literal where it is used")
        XCTAssertTrue(list.isComplete, "but every operation of it is known")
        let comprehension = extract("""
        from django.db import migrations
        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel(n) for n in NAMES]
        """)
        XCTAssertFalse(comprehension.migration!.operations.isComplete)
    }

    /// `A if cond else B`: either branch may run, so both are read, and the
    /// list is incomplete (it does not all run).
    func testOperationsChosenByACondition() {
        let file = extract("""
        from django.conf import settings
        from django.db import migrations

        POSTGRES = [migrations.RunSQL("CREATE EXTENSION IF NOT EXISTS pg_trgm")]

        class Migration(migrations.Migration):
            operations = POSTGRES if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else [
                migrations.RunPython(migrations.RunPython.noop),
            ]
        """)
        XCTAssertEqual(file.migration!.operations.operations.map(\.type), ["RunSQL", "RunPython"])
        XCTAssertTrue(file.migration!.operations.isDynamic)
        XCTAssertFalse(file.migration!.operations.isComplete)
        XCTAssertEqual(file.diagnostics.map(\.code), [.dynamicOperations])
    }

    func testFilesThatAreNotMigrations() {
        let helper = extract("def f():\n    pass\n", name: "_helpers")
        XCTAssertNil(helper.migration)
        XCTAssertNotNil(helper.skipped)
        let other = extract("INDEX = {}\n", name: "0001_vectors")
        XCTAssertNil(other.migration)
        XCTAssertEqual(other.diagnostics.map(\.code), [.notAMigration])
    }

    func testASyntaxErrorInAHelperDoesNotHideTheMigration() {
        let file = extract("""
        from django.db import migrations

        def helper(:
            pass

        class Migration(migrations.Migration):
            operations = [migrations.DeleteModel("A")]
        """)
        XCTAssertEqual(file.migration?.operations.operations.count, 1)
        XCTAssertEqual(file.diagnostics.map(\.code), [.invalidSyntax])
        XCTAssertEqual(file.diagnostics.first?.location.line, 3)
    }
}
