/// The syntax tree of an ECMA-262 pattern, as `RegexParser` reads it.
indirect enum RegexNode: Sendable {
    enum Anchor: Sendable { case start, end, wordBoundary, notWordBoundary }

    case empty
    case scalar(UInt32)
    case set(RegexCharSet)
    case sequence([RegexNode])
    case alternation([RegexNode])
    case group(RegexNode, capture: Int?)
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
    case anchor(Anchor)
    case look(RegexNode, behind: Bool, negative: Bool)
    case backreference(Int)
    /// A `\k<name>` reference, resolved to its group number after the whole pattern is read.
    case namedBackreference(String)

    /// True when a back reference appears anywhere in the node.
    var hasBackreference: Bool {
        switch self {
        case .backreference, .namedBackreference: true
        case .sequence(let nodes), .alternation(let nodes): nodes.contains { $0.hasBackreference }
        case .group(let node, _), .repetition(let node, _, _, _), .look(let node, _, _): node.hasBackreference
        default: false
        }
    }

    /// True when the node can match without consuming input (so a loop over it needs a progress check).
    var canMatchEmpty: Bool {
        switch self {
        case .empty, .anchor, .look, .backreference, .namedBackreference: true
        case .scalar, .set: false
        case .sequence(let nodes): nodes.allSatisfy(\.canMatchEmpty)
        case .alternation(let nodes): nodes.contains { $0.canMatchEmpty }
        case .group(let node, _): node.canMatchEmpty
        case .repetition(let node, let min, _, _): min == 0 || node.canMatchEmpty
        }
    }
}
