/// A pattern compiled to instructions for `RegexMachine`, a backtracking VM in the style of
/// Thompson/Pike programs: counted repetitions are unrolled, loops over bodies that may match
/// the empty string carry a progress check (the ECMA-262 rule that an empty iteration ends a loop).
struct RegexProgram: Sendable {
    enum Instruction: Sendable {
        case scalar(UInt32)
        /// A class: membership of the ASCII scalars precomputed as two bitmaps, `sets[index]` for the rest.
        case set(low: UInt64, high: UInt64, index: Int)
        /// Try `first`; on failure, resume at `second`.
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case anchor(RegexNode.Anchor)
        case look(program: Int, behind: Bool, negative: Bool)
        case backreference(Int)
        case mark(Int)
        case checkProgress(Int)
        case match
    }

    /// Beyond this many instructions a pattern is refused (a `{100000}` of a group, say).
    static let maxInstructions = 200_000

    var instructions: [Instruction] = []
    var sets: [RegexCharSet] = []
    /// Sub-programs of lookarounds, run by the machine at the current position.
    var subprograms: [RegexProgram] = []
    var registerCount = 0
    let captureCount: Int
    /// True when the program starts with `^`, so a search tries only offset 0.
    var anchoredAtStart = false
    /// Captures are recorded only when a back reference reads them.
    let recordsCaptures: Bool
    /// True when the program has no branch, loop, lookaround or back reference: a straight line of
    /// scalars, classes and anchors, which `RegexMachine` matches without a backtracking stack.
    private(set) var isStraight = false

    init(_ node: RegexNode, captureCount: Int, recordsCaptures: Bool) throws(RegexError) {
        self.captureCount = captureCount
        self.recordsCaptures = recordsCaptures
        var registers = 0
        try emit(node, registers: &registers)
        instructions.append(.match)
        registerCount = registers
        if case .anchor(.start)? = Self.firstAtom(node) { anchoredAtStart = true }
        isStraight = instructions.allSatisfy {
            switch $0 {
            case .scalar, .set, .match, .anchor(.start), .anchor(.end): true
            default: false
            }
        }
    }

    private static func firstAtom(_ node: RegexNode) -> RegexNode? {
        switch node {
        case .sequence(let nodes): nodes.first.flatMap(firstAtom)
        case .group(let n, _): firstAtom(n)
        default: node
        }
    }

    private mutating func append(_ i: Instruction) throws(RegexError) -> Int {
        guard instructions.count < Self.maxInstructions else { throw RegexError("pattern too large once compiled", at: nil) }
        instructions.append(i)
        return instructions.count - 1
    }

    private mutating func emit(_ node: RegexNode, registers: inout Int) throws(RegexError) {
        switch node {
        case .empty: break
        case .scalar(let s): _ = try append(.scalar(s))
        case .set(let set):
            var low: UInt64 = 0, high: UInt64 = 0
            for c in UInt32(0)..<128 where set.contains(c) {
                if c < 64 { low |= 1 << UInt64(c) } else { high |= 1 << UInt64(c - 64) }
            }
            sets.append(set)
            _ = try append(.set(low: low, high: high, index: sets.count - 1))
        case .sequence(let nodes):
            for n in nodes { try emit(n, registers: &registers) }
        case .alternation(let nodes):
            var jumps: [Int] = []
            for (i, n) in nodes.enumerated() {
                if i + 1 < nodes.count {
                    let split = try append(.split(0, 0))
                    try emit(n, registers: &registers)
                    jumps.append(try append(.jump(0)))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(n, registers: &registers)
                }
            }
            for j in jumps { instructions[j] = .jump(instructions.count) }
        case .group(let n, let capture):
            if recordsCaptures, let capture { _ = try append(.save(capture * 2)) }
            try emit(n, registers: &registers)
            if recordsCaptures, let capture { _ = try append(.save(capture * 2 + 1)) }
        case .anchor(let a): _ = try append(.anchor(a))
        case .backreference(let n): _ = try append(.backreference(n))
        case .namedBackreference: throw RegexError("unresolved named reference", at: nil)
        case .look(let n, let behind, let negative):
            var sub = try RegexProgram(n, captureCount: captureCount, recordsCaptures: recordsCaptures)
            sub.anchoredAtStart = true
            subprograms.append(sub)
            _ = try append(.look(program: subprograms.count - 1, behind: behind, negative: negative))
        case .repetition(let body, let min, let max, let greedy):
            for _ in 0..<min { try emit(body, registers: &registers) }
            let needsCheck = body.canMatchEmpty
            if let max {
                // Nested optionals: (body (body (…)?)?)?
                var exits: [Int] = []
                for _ in min..<max {
                    let split = try append(.split(0, 0))
                    exits.append(split)
                    try emit(body, registers: &registers)
                }
                for s in exits {
                    instructions[s] = greedy ? .split(s + 1, instructions.count) : .split(instructions.count, s + 1)
                }
            } else {
                let loop = try append(.split(0, 0))
                var register = -1
                if needsCheck {
                    register = registers
                    registers += 1
                    _ = try append(.mark(register))
                }
                try emit(body, registers: &registers)
                if needsCheck { _ = try append(.checkProgress(register)) }
                _ = try append(.jump(loop))
                instructions[loop] = greedy ? .split(loop + 1, instructions.count) : .split(instructions.count, loop + 1)
            }
        }
    }
}
