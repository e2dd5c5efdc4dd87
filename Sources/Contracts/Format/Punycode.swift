/// RFC 3492 Punycode, for checking the `xn--` labels of host names.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    private static func adapt(_ delta: Int, _ numPoints: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    private static func digit(_ c: UInt8) -> Int? {
        switch c {
        case 0x30...0x39: Int(c) - 0x30 + 26
        case 0x41...0x5A: Int(c) - 0x41
        case 0x61...0x7A: Int(c) - 0x61
        default: nil
        }
    }

    /// Decodes the part after `xn--`; nil when it is not valid Punycode.
    static func decode(_ input: String) -> String? {
        let bytes = Array(input.utf8)
        var output: [UInt32] = []
        var rest = bytes[...]
        if let dash = bytes.lastIndex(of: 0x2D) {
            for c in bytes[..<dash] {
                guard c < 0x80 else { return nil }
                output.append(UInt32(c))
            }
            rest = bytes[(dash + 1)...]
        }
        var n = initialN, i = 0, bias = initialBias
        var it = rest.makeIterator()
        var pending = rest.count
        while pending > 0 {
            let oldI = i
            var w = 1, k = base
            while true {
                guard let c = it.next(), let d = digit(c) else { return nil }
                pending -= 1
                let (p, o1) = d.multipliedReportingOverflow(by: w)
                let (s, o2) = i.addingReportingOverflow(p)
                guard !o1, !o2, s < 0x7FFF_FFFF else { return nil }
                i = s
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if d < t { break }
                w *= base - t
                k += base
                if pending == 0 { return nil }
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, Unicode.Scalar(UInt32(n)) != nil else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var s = ""
        for v in output { s.unicodeScalars.append(Unicode.Scalar(v)!) }
        return s
    }

    /// Encodes a Unicode label (without the `xn--` prefix).
    static func encode(_ input: String) -> String? {
        let scalars = input.unicodeScalars.map { Int($0.value) }
        var output: [UInt8] = scalars.filter { $0 < 0x80 }.map { UInt8($0) }
        let basic = output.count
        var h = basic
        if basic > 0 { output.append(0x2D) }
        var n = initialN, delta = 0, bias = initialBias
        while h < scalars.count {
            guard let m = scalars.filter({ $0 >= n }).min() else { return nil }
            delta += (m - n) * (h + 1)
            n = m
            for c in scalars {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta, k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(encodeDigit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(encodeDigit(q))
                    bias = adapt(delta, h + 1, h == basic)
                    delta = 0
                    h += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func encodeDigit(_ d: Int) -> UInt8 { UInt8(d < 26 ? d + 0x61 : d - 26 + 0x30) }
}
