/// The abstract syntax tree. Every node carries its byte range; names and
/// keyword arguments keep their spelling; attribute names and literals are
/// read on demand from the source (`StringDecoder`, `NumberLiteral`), as
/// most are never read.
public struct Expr: Sendable {
    public var range: TextRange
    public var kind: ExprKind

    public init(_ kind: ExprKind, _ range: TextRange) {
        self.kind = kind
        self.range = range
    }
}

public enum NumberKind: Sendable { case integer, float, imaginary }

public enum StringKind: Sendable { case text, bytes, formatted, template }

/// One piece of an implicitly concatenated string: its whole token range,
/// and for f- and t-strings the expressions of its replacement fields.
public struct StringPart: Sendable {
    public var range: TextRange
    public var kind: StringKind
    public var expressions: [Expr]
}

/// The parts of a string literal. Nearly all literals are one part without
/// replacement fields, kept inline so that reading one allocates nothing;
/// concatenations and f-strings with fields keep an array.
public struct StringParts: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        case one(TextRange, StringKind)
        case many([StringPart])
    }

    private let storage: Storage

    init(range: TextRange, kind: StringKind) {
        storage = .one(range, kind)
    }

    init(_ parts: [StringPart]) {
        if parts.count == 1 && parts[0].expressions.isEmpty {
            storage = .one(parts[0].range, parts[0].kind)
        } else {
            storage = .many(parts)
        }
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .one: return 1
        case .many(let parts): return parts.count
        }
    }

    public subscript(position: Int) -> StringPart {
        switch storage {
        case .one(let range, let kind): return StringPart(range: range, kind: kind, expressions: [])
        case .many(let parts): return parts[position]
        }
    }
}

public enum UnaryOp: String, Sendable { case not = "not", negate = "-", plus = "+", invert = "~" }

public enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mult = "*", matMult = "@", div = "/", mod = "%", pow = "**"
    case lShift = "<<", rShift = ">>", bitOr = "|", bitXor = "^", bitAnd = "&", floorDiv = "//"
}

public enum BoolOp: String, Sendable { case and, or }

public enum CompareOp: String, Sendable {
    case eq = "==", notEq = "!=", lt = "<", ltE = "<=", gt = ">", gtE = ">="
    case isOp = "is", isNot = "is not", inOp = "in", notIn = "not in"
}

public enum Constant: Sendable { case none, `true`, `false`, ellipsis }

/// A call argument: `x`, `*xs`, `name=x` or `**mapping`.
public struct Argument: Sendable {
    public enum Kind: Sendable { case positional, starred, keyword(String), doubleStarred }
    public var kind: Kind
    public var value: Expr
    public var range: TextRange
}

public struct DictItem: Sendable {
    /// nil for a `**mapping` item.
    public var key: Expr?
    public var value: Expr
}

public struct Comprehension: Sendable {
    public var target: Expr
    public var iter: Expr
    public var ifs: [Expr]
    public var isAsync: Bool
}

public struct Parameter: Sendable {
    public enum Kind: Sendable { case positionalOnly, normal, varArgs, keywordOnly, varKeywords }
    public var name: String
    public var kind: Kind
    public var annotation: Expr?
    public var defaultValue: Expr?
    public var range: TextRange
}

public struct TypeParameter: Sendable {
    public enum Kind: Sendable { case typeVar, typeVarTuple, paramSpec }
    public var name: String
    public var kind: Kind
    public var bound: Expr?
    public var defaultValue: Expr?
    public var range: TextRange
}

/// Only the cases that hold an `Expr` directly are boxed: names, literals
/// and displays (the most frequent nodes) are stored inline, without an allocation.
public enum ExprKind: Sendable {
    case name(String)
    case number(NumberKind)
    case string(StringParts)
    case constant(Constant)
    /// `base.name`, with the name's range: its text is sliced from the source
    /// where wanted, as most attribute names (`models.CharField`) are read only
    /// as part of the whole dotted name.
    indirect case attribute(Expr, name: TextRange)
    indirect case call(Expr, [Argument])
    indirect case `subscript`(Expr, Expr)
    indirect case slice(lower: Expr?, upper: Expr?, step: Expr?)
    case tuple([Expr], parenthesized: Bool)
    case list([Expr])
    case set([Expr])
    case dict([DictItem])
    indirect case listComp(Expr, [Comprehension])
    indirect case setComp(Expr, [Comprehension])
    indirect case generator(Expr, [Comprehension])
    indirect case dictComp(key: Expr, value: Expr, [Comprehension])
    indirect case starred(Expr)
    indirect case doubleStarred(Expr)
    indirect case unary(UnaryOp, Expr)
    indirect case binary(BinaryOp, Expr, Expr)
    case boolean(BoolOp, [Expr])
    indirect case compare(Expr, [(CompareOp, Expr)])
    indirect case lambda([Parameter], Expr)
    indirect case ifElse(test: Expr, body: Expr, orElse: Expr)
    indirect case named(target: Expr, value: Expr)
    indirect case yield(Expr?)
    indirect case yieldFrom(Expr)
    indirect case await(Expr)
    /// What stood where an expression was expected but could not be read.
    case invalid
}

public struct ImportAlias: Sendable {
    /// The dotted name, or "*" in `from m import *`.
    public var name: String
    public var asName: String?
    public var range: TextRange
}

public struct ExceptHandler: Sendable {
    public var type: Expr?
    public var name: String?
    public var body: [Stmt]
    public var range: TextRange
}

public struct WithItem: Sendable {
    public var context: Expr
    public var target: Expr?
}

public indirect enum Pattern: Sendable {
    case value(Expr)
    case capture(String?, TextRange)
    case sequence([Pattern], TextRange)
    case star(String?, TextRange)
    case mapping(keys: [Expr], patterns: [Pattern], rest: String?, TextRange)
    case classPattern(Expr, patterns: [Pattern], keywords: [(String, Pattern)], TextRange)
    case or([Pattern], TextRange)
    case asPattern(Pattern?, String, TextRange)
}

public struct MatchCase: Sendable {
    public var pattern: Pattern
    public var guardExpr: Expr?
    public var body: [Stmt]
}

public struct FunctionDef: Sendable {
    public var name: String
    public var nameRange: TextRange
    public var decorators: [Expr]
    public var typeParameters: [TypeParameter]
    public var parameters: [Parameter]
    public var returns: Expr?
    public var body: [Stmt]
    public var isAsync: Bool
}

public struct ClassDef: Sendable {
    public var name: String
    public var nameRange: TextRange
    public var decorators: [Expr]
    public var typeParameters: [TypeParameter]
    public var arguments: [Argument]
    public var body: [Stmt]
}

public struct Stmt: Sendable {
    public var range: TextRange
    public var kind: StmtKind

    public init(_ kind: StmtKind, _ range: TextRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum StmtKind: Sendable {
    case expr(Expr)
    case assign(targets: [Expr], value: Expr)
    case augAssign(target: Expr, op: BinaryOp, value: Expr)
    case annAssign(target: Expr, annotation: Expr, value: Expr?)
    case importNames([ImportAlias])
    case importFrom(module: String?, level: Int, names: [ImportAlias])
    case functionDef(FunctionDef)
    case classDef(ClassDef)
    case ifStmt(test: Expr, body: [Stmt], orElse: [Stmt])
    case forStmt(target: Expr, iter: Expr, body: [Stmt], orElse: [Stmt], isAsync: Bool)
    case whileStmt(test: Expr, body: [Stmt], orElse: [Stmt])
    case tryStmt(body: [Stmt], handlers: [ExceptHandler], orElse: [Stmt], finally: [Stmt], isStar: Bool)
    case with([WithItem], body: [Stmt], isAsync: Bool)
    case match(subject: Expr, cases: [MatchCase])
    case raise(Expr?, cause: Expr?)
    case returnStmt(Expr?)
    case delete([Expr])
    case assert(Expr, message: Expr?)
    case global([String])
    case nonlocal([String])
    case typeAlias(name: String, typeParameters: [TypeParameter], value: Expr)
    case pass
    case breakStmt
    case continueStmt
    /// A statement that could not be read; an error was recorded.
    case invalid
}

/// The result of parsing a file: always a module, plus the errors found.
public struct ParsedModule: Sendable {
    public var source: SourceText
    public var body: [Stmt]
    public var comments: [Comment]
    public var errors: [SyntaxError]
}
