/// The samples of a Prometheus text exposition (format 0.0.4), read the way Prometheus reads them:
/// `name{label="value",...} number` per line, `#` lines skipped; label values unescaped (`\\`, `\"`, `\n`).
struct PrometheusExposition {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    let samples: [Sample]
    /// The `# TYPE` of each metric family.
    let types: [String: String]

    init(_ text: String) throws {
        var samples: [Sample] = []
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4 else { throw FixtureError("bad TYPE line: \(line)") }
                types[String(parts[2])] = String(parts[3])
                continue
            }
            if line.hasPrefix("#") { continue }
            samples.append(try Self.sample(Array(line)))
        }
        self.samples = samples
        self.types = types
    }

    /// The value of the one sample named `name` whose labels include `labels`; nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) throws -> Double? {
        let matching = samples.filter { sample in sample.name == name && labels.allSatisfy { key, value in sample.labels[key] == value } }
        guard matching.count <= 1 else { throw FixtureError("\(matching.count) samples of \(name) match \(labels)") }
        return matching.first?.value
    }

    private static func sample(_ line: [Character]) throws -> Sample {
        var index = 0
        var name = ""
        while index < line.count, line[index] != "{", line[index] != " " {
            name.append(line[index])
            index += 1
        }
        var labels: [String: String] = [:]
        if index < line.count, line[index] == "{" {
            index += 1
            while index < line.count, line[index] != "}" {
                var key = ""
                while index < line.count, line[index] != "=" {
                    key.append(line[index])
                    index += 1
                }
                guard index + 1 < line.count, line[index + 1] == "\"" else { throw FixtureError("bad labels: \(String(line))") }
                index += 2
                var value = ""
                while index < line.count, line[index] != "\"" {
                    if line[index] == "\\", index + 1 < line.count {
                        index += 1
                        value.append(line[index] == "n" ? "\n" : line[index])
                    } else {
                        value.append(line[index])
                    }
                    index += 1
                }
                index += 1
                labels[key] = value
                if index < line.count, line[index] == "," { index += 1 }
            }
            index += 1
        }
        let rest = String(line[min(index, line.count)...]).split(separator: " ")
        guard let first = rest.first, let value = Double(first) ?? (first == "+Inf" ? .infinity : nil) else {
            throw FixtureError("no value: \(String(line))")
        }
        return Sample(name: name, labels: labels, value: value)
    }
}
