/// The help texts: what each command does, its options, examples and exit status.
enum Help {
    static let commands = ["inspect", "graph", "help", "version"]

    static let main = """
    migcheck \(Version.current): static analysis of Django migrations

    migcheck reads a project's migration files the way Python and Django do,
    without importing Django or touching a database.

    USAGE
      migcheck <command> [options] [arguments]

    COMMANDS
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
      migcheck inspect .
      migcheck inspect --format json shop/migrations/0007_product_sku.py

    Run 'migcheck help inspect' or 'migcheck help graph' for their options.

    """

    static func command(_ name: String) -> String? {
        switch name {
        case "inspect": return inspect
        case "graph": return graph
        default: return nil
        }
    }

    static let inspect = """
    USAGE
      migcheck inspect [--format text|json] [--output FILE] PATH...
      migcheck inspect --state APP.MODEL[@MIGRATION] [--format text|json] PATH...

    Reads migration files and shows what Django would see in them. A PATH is
    a file, or a folder searched for every */migrations/*.py (except
    __init__.py), skipping hidden folders, virtualenvs and node_modules.
    The app label is the one Django uses: the AppConfig label in the app's
    apps.py, else the folder that holds migrations/; the name is the file
    stem. A file with a syntax error is reported with its line and column,
    and the other files are still read.

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
      2  usage error, or a PATH that does not exist

    """

    static let graph = """
    USAGE
      migcheck graph [--format text|json|dot] [--unapply APP:TARGET]
                     [--user-model APP.MODEL] PATH...

    Builds the migration graph of the migrations found under the PATHs (as
    inspect finds them), the way Django's loader does for a database where
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
                              (default auth.User), for swappable dependencies.
      -h, --help              Show this help.

    PROBLEMS
      MC301 conflicting-leaves   an app has several leaves: migrate refuses
      MC302 missing-dependency   a dependency names a migration that is not there
      MC303 circular-dependency  migrations depend on each other in a circle
      MC304 partial-squash       a squash's replaced migrations are partly present
      MC305 duplicate-number     two migrations of one app share a number
      MC306 duplicate-migration  two files define the same app and name

    EXIT STATUS
      0  the graph has no errors; 1 an MC301-303/306 error, or a file that
      could not be read; 2 usage error
    """
}
