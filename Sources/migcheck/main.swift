#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MigcheckKit

exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
