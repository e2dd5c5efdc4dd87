import Foundation
import NIOCore
import NIOHTTP1

/// The admin endpoint's HTTP handler: JSON views of the log and the groups, and fault injection, for
/// people and scripts.
///
/// Routes: `GET /topics`; `GET /topics/{topic}/partitions/{p}/records?from=OFFSET&limit=N` (default 0
/// and 100, at most 10,000); `GET /groups` (members and, per committed partition, the lag behind the
/// high watermark); `POST /faults?api=NAME&error=CODE|latency=MS|drop=1[&times=N]` (API by name, e.g.
/// `produce`, or key; `times` 1 by default, 0 for until cleared) and `DELETE /faults`. Anything else is
/// a 404 with a JSON error.
final class KafkaAdminHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let store: KafkaLogStore
    private let coordinator: GroupCoordinator
    private let faults: KafkaFaultInjector
    private var head: HTTPRequestHead?

    init(store: KafkaLogStore, coordinator: GroupCoordinator, faults: KafkaFaultInjector) {
        self.store = store
        self.coordinator = coordinator
        self.faults = faults
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h): head = h
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let (status, body) = route(head)
            var headers = HTTPHeaders()
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: "\(body.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    private func route(_ head: HTTPRequestHead) -> (HTTPResponseStatus, Data) {
        let components = URLComponents(string: head.uri)
        let path = (components?.path ?? head.uri).split(separator: "/").map(String.init)
        let query = Dictionary((components?.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        if path == ["faults"] {
            switch head.method {
            case .POST: return injectFault(query)
            case .DELETE:
                faults.clear()
                return json(["cleared": true])
            default: return error(.methodNotAllowed, "POST or DELETE /faults")
            }
        }
        guard head.method == .GET else { return error(.methodNotAllowed, "only GET is served here") }
        switch path.count {
        case 1 where path[0] == "topics":
            return json(KafkaAdminDocument.topics(store))
        case 1 where path[0] == "groups":
            return json(KafkaAdminDocument.groups(coordinator, store))
        case 5 where path[0] == "topics" && path[2] == "partitions" && path[4] == "records":
            guard let partition = Int32(path[3]) else { return error(.badRequest, "partition is not a number") }
            let from = Int64(query["from"] ?? "0") ?? 0
            let limit = min(max(Int(query["limit"] ?? "100") ?? 100, 0), 10_000)
            guard let range = store.records(of: TopicPartition(topic: path[1], partition: partition), from: from, limit: limit) else {
                return error(.notFound, "no partition \(path[1])-\(partition)")
            }
            return json(KafkaAdminDocument.records(range))
        default:
            return error(.notFound, "routes: /topics, /topics/{topic}/partitions/{p}/records, /groups")
        }
    }

    private func injectFault(_ query: [String: String]) -> (HTTPResponseStatus, Data) {
        let name = query["api"] ?? ""
        guard let api = KafkaApiKey.allCases.first(where: { "\($0)".lowercased() == name.lowercased() })
            ?? Int16(name).flatMap(KafkaApiKey.init(rawValue:)) else {
            return error(.badRequest, "api: one of \(KafkaApiKey.allCases.map { "\($0)" }.joined(separator: ", "))")
        }
        let fault: KafkaFault
        if let code = query["error"].flatMap(Int16.init) {
            fault = .error(KafkaErrorCode(code: code))
        } else if let milliseconds = query["latency"].flatMap(Int64.init) {
            fault = .latency(milliseconds: milliseconds)
        } else if query["drop"] != nil {
            fault = .dropConnection
        } else {
            return error(.badRequest, "one of error=CODE, latency=MS, drop=1")
        }
        let times = query["times"].flatMap(Int.init) ?? 1
        faults.inject(fault, into: api, times: times > 0 ? times : nil)
        return json(["planned": "\(fault) for \(times > 0 ? "\(times)" : "every") \(api) request(s)"])
    }

    private func json<T: Encodable>(_ value: T) -> (HTTPResponseStatus, Data) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return ((try? encoder.encode(value)).map { (.ok, $0) }) ?? error(.internalServerError, "encoding failed")
    }

    private func error(_ status: HTTPResponseStatus, _ message: String) -> (HTTPResponseStatus, Data) {
        (status, (try? JSONEncoder().encode(["error": message])) ?? Data())
    }
}

@available(*, unavailable)
extension KafkaAdminHandler: Sendable {}
