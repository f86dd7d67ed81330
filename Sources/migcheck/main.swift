import Foundation
import MigcheckKit

exit(CommandLineTool.run(Array(CommandLine.arguments.dropFirst())).rawValue)
