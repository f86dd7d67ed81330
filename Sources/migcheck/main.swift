import MigcheckKit
Placeholder.run(Array(CommandLine.arguments.dropFirst()))
