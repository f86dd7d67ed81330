/// The help texts: what each command does, its options, examples and exit status.
enum Help {
    static let commands = ["inspect", "help", "version"]

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
      help COMMAND      Show a command's options and examples.
      version           Print the version.

    EXAMPLES
      migcheck inspect .
      migcheck inspect --format json shop/migrations/0007_product_sku.py

    Run 'migcheck help inspect' for the options of inspect.

    """

    static func command(_ name: String) -> String? {
        switch name {
        case "inspect": return inspect
        default: return nil
        }
    }

    static let inspect = """
    USAGE
      migcheck inspect [--format text|json] [--output FILE] PATH...

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
      --benchmark N       Run the whole inspection N times and print files/s
                          and MB/s to standard error (build with -c release).
      -h, --help          Show this help.

    EXAMPLES
      migcheck inspect .
      migcheck inspect shop/migrations
      migcheck inspect --format json . > migrations.json

    EXIT STATUS
      0  every file was read
      1  at least one file has a syntax error or could not be read
      2  usage error, or a PATH that does not exist

    """
}
