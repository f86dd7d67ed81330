#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CMallocCache
import MigcheckKit

migcheck_malloc_keep_heaps()
exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
