/// Runs a `RegexProgram` over the UTF-8 bytes of a string by backtracking, with an explicit stack
/// (no recursion, so no stack overflow on long inputs) and a step budget, so that a pathological
/// pattern such as `^(a+)+$` gives `RegexError.budgetExceeded` instead of running for hours.
struct RegexMachine {
    /// Steps allowed for one search, across all start offsets.
    static let stepBudget = 2_000_000

    private enum Frame {
        case branch(pc: Int, pos: Int)
        case restoreSlot(Int, Int)
        case restoreRegister(Int, Int)
    }

    private let input: UnsafeBufferPointer<UInt8>
    private var steps = 0
    /// The backtracking stack, kept between start offsets so it is allocated once per search.
    private var stack: [Frame] = []

    init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    /// True when the program matches somewhere in the input.
    mutating func search(_ program: RegexProgram) throws(RegexError) -> Bool {
        // Slots exist only for back references; the stack is sized once for typical patterns.
        var slots = program.recordsCaptures ? [Int](repeating: -1, count: (program.captureCount + 1) * 2) : []
        if !program.isStraight { stack.reserveCapacity(64) }
        var start = 0
        while true {
            if program.isStraight {
                if runStraight(program, at: start) { return true }
            } else if try run(program, at: start, slots: &slots, endAt: nil) != nil {
                return true
            }
            if program.anchoredAtStart || start >= input.count { return false }
            start += Self.scalarLength(input[start])
        }
    }

    /// Matches a straight-line program (see `RegexProgram.isStraight`) from `start`.
    private func runStraight(_ program: RegexProgram, at start: Int) -> Bool {
        var pos = start
        for instruction in program.instructions {
            switch instruction {
            case .scalar(let s):
                guard pos < input.count else { return false }
                let (c, n) = decode(at: pos)
                guard c == s else { return false }
                pos += n
            case .set(let low, let high, let index):
                guard pos < input.count else { return false }
                let b = input[pos]
                if b < 64 {
                    guard low & (1 << UInt64(b)) != 0 else { return false }
                    pos += 1
                } else if b < 128 {
                    guard high & (1 << UInt64(b - 64)) != 0 else { return false }
                    pos += 1
                } else {
                    let (c, n) = decode(at: pos)
                    guard program.sets[index].contains(c) else { return false }
                    pos += n
                }
            case .anchor(.start): guard pos == 0 else { return false }
            case .anchor(.end): guard pos == input.count else { return false }
            case .match: return true
            default: return false
            }
        }
        return false
    }

    private static func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }

    private func decode(at pos: Int) -> (UInt32, Int) {
        let b0 = input[pos]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        let n = Self.scalarLength(b0)
        var v = UInt32(b0) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
        for i in 1..<n where pos + i < input.count { v = v << 6 | UInt32(input[pos + i] & 0x3F) }
        return (v, n)
    }

    private func scalarBefore(_ pos: Int) -> UInt32? {
        guard pos > 0 else { return nil }
        var p = pos - 1
        while p > 0, input[p] & 0xC0 == 0x80 { p -= 1 }
        return decode(at: p).0
    }

    private func isWord(_ c: UInt32?) -> Bool {
        guard let c else { return false }
        return RegexCharSet.word.contains(c)
    }

    /// Runs from `start`; returns the end offset of the first match (or nil). With `endAt`, only a
    /// match ending exactly there counts (used for lookbehind).
    private mutating func run(_ program: RegexProgram, at start: Int, slots: inout [Int], endAt: Int?) throws(RegexError) -> Int? {
        let base = stack.count
        defer { stack.removeSubrange(base...) }
        var registers = program.registerCount == 0 ? [] : [Int](repeating: -1, count: program.registerCount)
        var pc = 0, pos = start
        var steps = self.steps
        defer { self.steps = steps }
        let code = program.instructions
        while true {
            steps += 1
            if steps > Self.stepBudget { throw RegexError.budgetExceeded }
            var fail = false
            switch code[pc] {
            case .scalar(let s):
                if pos < input.count {
                    let (c, n) = decode(at: pos)
                    if c == s { pos += n; pc += 1 } else { fail = true }
                } else { fail = true }
            case .set(let low, let high, let index):
                if pos < input.count {
                    let b = input[pos]
                    if b < 64 {
                        if low & (1 << UInt64(b)) != 0 { pos += 1; pc += 1 } else { fail = true }
                    } else if b < 128 {
                        if high & (1 << UInt64(b - 64)) != 0 { pos += 1; pc += 1 } else { fail = true }
                    } else {
                        let (c, n) = decode(at: pos)
                        if program.sets[index].contains(c) { pos += n; pc += 1 } else { fail = true }
                    }
                } else { fail = true }
            case .split(let a, let b):
                stack.append(.branch(pc: b, pos: pos))
                pc = a
            case .jump(let t): pc = t
            case .save(let slot):
                stack.append(.restoreSlot(slot, slots[slot]))
                slots[slot] = pos
                pc += 1
            case .mark(let r):
                stack.append(.restoreRegister(r, registers[r]))
                registers[r] = pos
                pc += 1
            case .checkProgress(let r):
                if registers[r] == pos { fail = true } else { pc += 1 }
            case .anchor(let a):
                let ok: Bool
                switch a {
                case .start: ok = pos == 0
                case .end: ok = pos == input.count
                case .wordBoundary, .notWordBoundary:
                    let boundary = isWord(scalarBefore(pos)) != isWord(pos < input.count ? decode(at: pos).0 : nil)
                    ok = boundary == (a == .wordBoundary)
                }
                if ok { pc += 1 } else { fail = true }
            case .look(let index, let behind, let negative):
                let sub = program.subprograms[index]
                var subSlots = slots
                var found = false
                if behind {
                    var s = pos
                    while true {
                        self.steps = steps
                    if try run(sub, at: s, slots: &subSlots, endAt: pos) != nil { found = true; steps = self.steps; break }
                    steps = self.steps
                        if s == 0 { break }
                        s -= 1
                        while s > 0, input[s] & 0xC0 == 0x80 { s -= 1 }
                    }
                } else {
                    self.steps = steps
                    found = try run(sub, at: pos, slots: &subSlots, endAt: nil) != nil
                    steps = self.steps
                }
                if found != negative {
                    if found { slots = subSlots }
                    pc += 1
                } else { fail = true }
            case .backreference(let n):
                let from = slots[n * 2], to = slots[n * 2 + 1]
                if from < 0 || to < 0 {
                    pc += 1
                } else {
                    let length = to - from
                    if pos + length <= input.count, (0..<length).allSatisfy({ input[from + $0] == input[pos + $0] }) {
                        pos += length
                        pc += 1
                    } else { fail = true }
                }
            case .match:
                if let endAt, pos != endAt { fail = true } else { return pos }
            }
            if fail {
                var resumed = false
                while stack.count > base, let frame = stack.popLast() {
                    switch frame {
                    case .branch(let p, let q):
                        pc = p
                        pos = q
                        resumed = true
                    case .restoreSlot(let slot, let old): slots[slot] = old
                    case .restoreRegister(let r, let old): registers[r] = old
                    }
                    if resumed { break }
                }
                if !resumed { return nil }
            }
        }
    }
}
