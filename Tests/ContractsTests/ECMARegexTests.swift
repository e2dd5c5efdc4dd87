import Contracts
import Testing

@Suite struct ECMARegexTests {
    @Test func matchesAnywhereUnlessAnchored() throws {
        #expect(try ECMARegex("b.*").firstMatch(in: "abc"))
        #expect(try !ECMARegex("^b").firstMatch(in: "abc"))
        #expect(try ECMARegex("^s3://raw/source=(file|http|stream)/").firstMatch(in: "s3://raw/source=http/dt=1/x"))
        #expect(try !ECMARegex("^[0-9a-f]{4}$").firstMatch(in: "abcde"))
        #expect(try ECMARegex("^[a-z]+(\\.[a-z]+)*\\.v[0-9]+$").firstMatch(in: "ingest.file.v1"))
    }

    @Test func followsECMAScriptRatherThanICU() throws {
        #expect(try !ECMARegex("^\\d$").firstMatch(in: "\u{0664}"))  // \d is ASCII only
        #expect(try ECMARegex("^\\s$").firstMatch(in: "\u{FEFF}"))  // \s includes BOM
        #expect(try !ECMARegex("^a$").firstMatch(in: "a\n"))  // $ is the end, not before a final newline
        #expect(try ECMARegex("^\\p{Letter}+$").firstMatch(in: "éλ"))
        #expect(throws: RegexError.self) { try ECMARegex("\\a") }
        #expect(throws: RegexError.self) { try ECMARegex("(abc") }
    }

    @Test func lookaroundAndBackReferences() throws {
        #expect(try ECMARegex("^(?=.*x)a").firstMatch(in: "abx"))
        #expect(try !ECMARegex("^(?!.*x)a").firstMatch(in: "abx"))
        #expect(try ECMARegex("(?<=@)b").firstMatch(in: "a@b"))
        #expect(try ECMARegex("^(a+)-\\1$").firstMatch(in: "aa-aa"))
        #expect(try !ECMARegex("^(a+)-\\1$").firstMatch(in: "aa-a"))
    }

    @Test func catastrophicBacktrackingIsBounded() throws {
        let evil = try ECMARegex("^(a+)+$")
        #expect(throws: RegexError.self) { try evil.firstMatch(in: String(repeating: "a", count: 40) + "!") }
        #expect(try ECMARegex("(a*)*b").firstMatch(in: "aaab"))
    }
}
