/// The help texts: what each command does, its options, examples and exit status.
enum Help {
    static let commands = ["check", "range", "revert", "backport", "rules", "explain", "inspect", "graph", "help", "version"]

    static let main = """
    migcheck \(Version.current): static analysis of Django migrations

    migcheck reads a project's migration files the way Python and Django do,
    without importing Django or touching a database.

    USAGE
      migcheck <command> [options] [arguments]

    COMMANDS
      check PATH...     Score migrations for revert safety (safe, lossy,
                        unsafe, irreversible) and maintenance-mode need (none,
                        recommended, required), with the reasons, the fixes
                        and the command that un-applies them; fails CI when
                        a level reaches --fail-on.
      OLDER..NEWER      What NEWER adds to OLDER in git (tags, branches,
                        commits): the new migrations scored, the rollback
                        plan from NEWER to OLDER with its commands, and
                        whether OLDER's code runs on NEWER's schema.
                        BASE...BRANCH: what a branch adds since it forked.
      revert REV        What 'git revert REV' (a commit, or A..B) does to the
                        migration graph, and the procedure that works.
      backport A B      Migrations on one branch and not the other, or
                        different between them.
      rules             List the rules check applies.
      explain RULE      Show one rule (why it exists, what to do, examples),
                        or what a diagnostic code (MC001, MC302) means.
      inspect PATH...   Show what migration files contain: app, name,
                        dependencies, every operation with its arguments
                        named as in Django, and syntax errors.
      graph PATH...     The migration graph per app, as Django's loader builds
                        it: leaves, squashes, the order migrate applies them,
                        what 'migrate APP TARGET' would un-apply, and the
                        problems migrate stops on (conflicts, missing
                        dependencies, cycles).
      help COMMAND      Show a command's options and examples.
      version           Print the version.

    EXAMPLES
      migcheck 1.0.3..1.1.0
      migcheck origin/main...HEAD
      migcheck check shop/migrations/0012_remove_order_fax.py
      migcheck check --fail-on revert=irreversible,maintenance=required .
      migcheck explain MC402
      migcheck inspect --format json shop/migrations/0007_product_sku.py

    Run 'migcheck help COMMAND' for a command's options.

    """

    static func command(_ name: String) -> String? {
        switch name {
        case "check": return check
        case "range": return range
        case "revert": return revert
        case "backport": return backport
        case "rules": return rules
        case "explain": return explain
        case "inspect": return inspect
        case "graph": return graph
        default: return nil
        }
    }

    static let inspect = """
    USAGE
      migcheck inspect [--format text|json] [--output FILE] [--config FILE] PATH...
      migcheck inspect --state APP.MODEL[@MIGRATION] [--format text|json] PATH...

    Reads migration files and shows what Django would see in them. A PATH is
    a file, or a folder searched for every */migrations/*.py (except
    __init__.py), skipping hidden folders, virtualenvs and node_modules.
    The app label is the one Django uses: the AppConfig label in the app's
    apps.py, else the folder that holds migrations/; the name is the file
    stem. A file with a syntax error is reported with its line and column,
    and the other files are still read.

    The closest pyproject.toml with [tool.migcheck] (see 'migcheck help
    check') applies as it does to check: exclude patterns, app-labels, and
    migration-modules, the folders of apps whose MIGRATION_MODULES setting
    keeps their migrations elsewhere than in migrations/:
      [tool.migcheck.migration-modules]
      dojo = "dojo.db_migrations"        # app label = module, as in settings

    OPTIONS
      --format text|json  text (default) lists each migration for people;
                          json is one document, described in docs/inspect-json.md.
      --output FILE       Write the report to FILE instead of standard output.
      --state APP.MODEL[@MIGRATION]
                          Instead of the listing, show one model as the
                          migrations define it after MIGRATION (a migration
                          of the model's app, or app.name) and all it depends
                          on, or after all migrations: fields, options,
                          bases, managers. docs/state-json.md.
      --user-model APP.MODEL
                          The model settings.AUTH_USER_MODEL names, for
                          swappable dependencies (default auth.User).
      --config FILE       Read [tool.migcheck] from FILE instead of the
                          closest pyproject.toml that has it.
      --no-config         Read no configuration file.
      --benchmark N       Time each stage (discover, read, lex, parse,
                          extract, graph, state, the whole inspect) N times
                          and print files/s and MB/s to standard error
                          (build with -c release).
      -h, --help          Show this help.

    EXAMPLES
      migcheck inspect .
      migcheck inspect shop/migrations
      migcheck inspect --format json . > migrations.json
      migcheck inspect --state shop.Product@0012_product_sku .

    EXIT STATUS
      0  every file was read
      1  at least one file has a syntax error or could not be read
      2  usage error, a PATH that does not exist, or a broken configuration

    """

    static let graph = """
    USAGE
      migcheck graph [--format text|json|dot] [--unapply APP:TARGET]
                     [--user-model APP.MODEL] [--config FILE | --no-config] PATH...

    Builds the migration graph of the migrations found under the PATHs (as
    inspect finds them, with the same configuration), the way Django's loader does for a database where
    none is applied yet: a squash stands for the migrations it replaces and
    dependencies on a replaced name point at it; __first__ and __latest__
    resolve to the first and last migration of their app; dependencies on
    apps with no migrations here (Django's own, third-party ones) are listed
    as external.

    OPTIONS
      --format text|json|dot  text (default) lists each app's migrations in
                              the order migrate applies them, with what each
                              depends on; json is described in
                              docs/graph-json.md; dot is for Graphviz
                              (migcheck graph --format dot . | dot -Tsvg).
      --unapply APP:TARGET    Also show what 'manage.py migrate APP TARGET'
                              un-applies, in order, including migrations of
                              other apps that depend on them. TARGET may be
                              'zero'.
      --user-model APP.MODEL  The model settings.AUTH_USER_MODEL names
                              (default auth.User, or the configuration's
                              user-model), for swappable dependencies.
      --config FILE           Read [tool.migcheck] from FILE instead of the
                              closest pyproject.toml that has it.
      --no-config             Read no configuration file.
      -h, --help              Show this help.

    PROBLEMS
      MC301 conflicting-leaves   an app has several leaves: migrate refuses
      MC302 missing-dependency   a dependency names a migration that is not there
      MC303 circular-dependency  migrations depend on each other in a circle
      MC304 partial-squash       a squash's replaced migrations are partly present
      MC305 duplicate-number     two migrations of one app share a number
      MC306 duplicate-migration  two files define the same app and name
      MC307 possible-conflict    several leaves, and computed dependencies that
                                 may join them (a warning)

    EXIT STATUS
      0  the graph has no errors; 1 an MC301-303/306 error, or a file that
      could not be read; 2 usage or configuration error
    """

    static let check = """
    USAGE
      migcheck check [--format FORMAT] [--fail-on SPEC] [--engine NAME]
                     [--engine-version N] [--project DIR] [--config FILE]
                     [--rules DIR] [--ignore RULES] [--user-model APP.MODEL]
                     [--json FILE] [--junit FILE] [--sarif FILE] [--gitlab FILE]
                     [--color auto|always|never] [--quiet] PATH...

    Scores the migrations found in PATH (files, or folders searched for
    */migrations/*.py) for two questions:

      revert       can 'manage.py migrate APP TARGET' un-apply them before
                   the code is rolled back?  safe < lossy (runs, but data the
                   previous release relies on is gone) < unsafe (can fail or
                   corrupt on real data) < irreversible (Django refuses)
      maintenance  can they be applied while the previous release serves
                   traffic?  none < recommended (brief exclusive locks, long
                   data migrations) < required (rewrites, long locks, or a
                   schema the previous release cannot work with)

    Each finding names the rule, the model and field, the reason and the
    fix. A migration's levels are the highest of its findings; the run's are
    the highest of all. The project state each operation is judged against
    is replayed from every migration of the project (--project), so an
    AlterField that only changes verbose_name or choices is safe.

    PATH names the migrations one release adds: they reach each database
    together, so a table one of them creates is new and empty when the
    later ones change it (an index on it takes no lock worth a maintenance
    window). Checking an app's whole history judges it as a fresh install;
    a note (MC013) says so. To judge a release against databases that
    have the previous one, give only its new files, or its git range:
    migcheck OLDER..NEWER.

    OPTIONS
      --format FORMAT       text (default) for people; json for programs
                            (docs/check-json.md); junit, github (workflow
                            commands), gitlab (Code Quality) or sarif for CI
                            (docs/formats/).
      --json FILE, --junit FILE, --sarif FILE, --gitlab FILE
                            Also write that format to FILE, in the same run.
      --color WHEN          auto (default: on a terminal, unless NO_COLOR is
                            set), always or never.
      -q, --quiet           Only the headline, failing findings and the verdict.
      --fail-on SPEC        Exit 1 when a finding reaches a level: SPEC is
                            revert=LEVEL,maintenance=LEVEL, one of the two,
                            or 'never'. Default revert=unsafe,maintenance=required.
      --engine NAME         postgresql (default), mysql or sqlite: the rules
                            differ where the databases do.
      --engine-version N    The database's major version (default: the oldest
                            Django 5.2 supports: PostgreSQL 14, MySQL 8).
      --project DIR         Where the state comes from (default: the folder
                            of the configuration file, else the closest one
                            above PATH with manage.py, else the top of its
                            git work tree, else the current folder, or
                            PATH's own when PATH lies outside it).
      --config FILE         Read [tool.migcheck] from FILE instead of the
                            closest pyproject.toml that has it.
      --no-config           Read no configuration file.
      --rules DIR           Add the rule files (*.toml) of DIR; a rule with a
                            built-in rule's ID replaces it.
      --ignore RULES        Comma-separated rule IDs or names to leave out.
      --user-model APP.MODEL  The model settings.AUTH_USER_MODEL names.
      -h, --help            Show this help.

    SUPPRESSING A FINDING
      On the operation's line, or on its own line just above the operation:
        # migcheck: ignore[MC402] -- column unused since 2.3, see #812
      For the whole file:
        # migcheck: ignore-file[MC212] -- table holds 40 rows
      The reason after '--' is required. A suppression that silences nothing
      is reported (MC011), and so is a malformed one (MC010).

    CONFIGURATION (pyproject.toml)
      [tool.migcheck]
      engine = "postgresql"
      engine-version = 16
      fail-on = "revert=unsafe,maintenance=required"
      exclude = ["**/tests/**"]          # glob patterns, from this folder
      ignore = ["MC213"]
      rules = ["ci/migcheck-rules"]      # folders of extra rule files
      user-model = "accounts.User"
      small-tables = ["shop.coupon"]     # locks on them need no maintenance
      [tool.migcheck.app-labels]
      "src/users" = "accounts"           # app folder = label
      [tool.migcheck.migration-modules]  # Django's MIGRATION_MODULES:
      dojo = "dojo.db_migrations"        # app label = module or folder
      [tool.migcheck.swappable-models]   # other swappable settings:
      CONFIG_DEVICE_MODEL = "sample_config.Device"
      [tool.migcheck.levels]
      MC204 = { maintenance = "required" }

    EXAMPLES
      migcheck check shop/migrations/0012_remove_customer_fax.py
      migcheck check --engine mysql --format json . > findings.json
      migcheck check --fail-on maintenance=required $(git diff --name-only
                     origin/main -- '*/migrations/*.py')

    EXIT STATUS
      0  nothing reached --fail-on
      1  a finding reached --fail-on, or a checked file could not be read
         or holds a syntax error, or the graph has an error migrate stops on
      2  usage or configuration error (a broken rule file or pyproject.toml)
    """

    static let rules = """
    USAGE
      migcheck rules [--format text|markdown] [--rules DIR]
      migcheck rules --facts
      migcheck rules --diagnostics [--format text|markdown]

    Lists the rules 'check' applies: ID, name, the revert and maintenance
    levels each contributes, and a summary. --format markdown prints the
    catalogue as docs/rules.md holds it. --facts lists every fact a rule
    file can test, for writing rules of your own. --diagnostics lists the
    codes of the problems that are not findings (syntax errors, graph and
    history problems), as docs/diagnostics.md holds them.
    """

    static let explain = """
    USAGE
      migcheck explain RULE [--rules DIR]
      migcheck explain CODE

    Prints one rule (by ID or name): its levels, why it exists, what to do,
    and its examples, each marked with whether it triggers the rule. Given
    a diagnostic's code or name (MC001, MC302, missing-dependency), prints
    what the diagnostic means and what to do about it.
    """

    static let range = """
    USAGE
      migcheck OLDER..NEWER [options]
      migcheck BASE...BRANCH [options]
      migcheck range OLDER..NEWER [options]

    Reads the migrations of two git revisions (tags, branches, commits) from
    git's objects, without touching the work tree, and says:
      - which migrations NEWER adds, per app, and which were renamed, edited
        (a released migration changed: databases that applied it never see
        the change), given new dependencies only (an error when one is a
        migration OLDER did not have), reformatted only (or with only
        attributes Django never sends to the database, such as a field's
        help_text or a model's verbose_name, changed), squashed (they run
        nothing on a database at OLDER), or deleted (no warning for the
        originals of a squash OLDER has, deleted once it is applied, nor
        for that squash losing its `replaces`);
      - what stops migrate on a database at OLDER: a new migration that
        creates a table those databases have (an app's migrations made
        again without `replaces`), or a file under migrations/ with a
        syntax error, without a Migration class beside migrations (MC006),
        or a git object missing;
      - how each new migration scores for revert safety and maintenance-mode
        need, against NEWER's full project state (as 'check' does);
      - the rollback plan: per app, the command that un-applies NEWER's
        migrations back to OLDER's leaf, in an order that works, and the
        steps that will raise, fail or lose data;
      - whether OLDER's code can run on NEWER's schema (a code-only rollback).
    BASE...BRANCH starts from the merge base, for merge requests. A missing
    side is HEAD ('1.0.3..' is 1.0.3..HEAD).

    OPTIONS
      -C DIR, --repo DIR  The repository (default: the current folder); a bare
                          clone works too. Before or after the command's
                          name, as git takes it: 'migcheck -C DIR revert
                          REV' works too.
      --format FORMAT     text (default), json (docs/range-json.md), junit,
                          github, gitlab or sarif, as for check.
      --json FILE, --junit FILE, --sarif FILE, --gitlab FILE, --color WHEN,
      --quiet             As for check.
      --fail-on SPEC      As for check; default revert=unsafe,maintenance=required.
      --engine NAME, --engine-version N, --rules DIR, --ignore RULES,
      --user-model APP.MODEL, --no-config
                          As for check.
      --config FILE       Instead of [tool.migcheck] in NEWER's pyproject.toml
                          (the one closest to the repository's root: a
                          project in backend/ keeps it there, and its paths
                          are relative to that folder). The paths in FILE
                          are relative to the repository's top.

    CONFIGURATION
      The rollback commands come from templates in [tool.migcheck]:
        migrate-command = "python3 manage.py migrate {app} {target}"
        [tool.migcheck.migrate-commands]
        seopt = "python3 manage.py migrate seopt {target} --database=seopt"

    EXIT STATUS
      0  nothing reached --fail-on; 1 a finding did, or a file has an error;
      2  usage error, unknown revision, not a repository, missing history
    """

    static let revert = """
    USAGE
      migcheck revert REV [-C DIR] [--format text|json]
      migcheck revert A..B [-C DIR] [--format text|json]

    Before reverting a commit (or the commits A..B of a merged branch) that
    holds migrations: which migrations the revert deletes, whether a release
    tag already contains them, which migrations at HEAD depend on them, how
    reverting them would score, and the procedure that works: un-apply
    first (with the commands, from the same templates as a range's rollback
    plan), or keep the files and write a new forward migration.

    EXIT STATUS
      0  the revert deletes no migration, or only unreleased ones nothing depends on
      1  it deletes released migrations or ones that others depend on
      2  usage error, unknown revision, not a repository
    """

    static let backport = """
    USAGE
      migcheck backport BRANCH_A BRANCH_B [-C DIR] [--format text|json]

    Compares the migrations of two branches (a release branch and main):
    those only on one side; those on both with different operations; those
    BRANCH_B renamed (the same contents under another name, which Django
    would run again); and those that, on BRANCH_B, depend on a migration
    BRANCH_A lacks (InconsistentMigrationHistory). A database migrated on
    BRANCH_A can follow BRANCH_B unless one of BRANCH_A's migrations is
    missing, different or renamed there, or depends there on one it lacks.

    EXIT STATUS
      0  a database migrated on BRANCH_A can follow BRANCH_B; 1 otherwise;
      2  usage error
    """
}
