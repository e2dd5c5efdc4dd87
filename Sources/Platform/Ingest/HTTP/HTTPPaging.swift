/// How an HTTP source lays out its pages.
public enum HTTPPaging: Sendable, Equatable {
    /// The page says what comes next: `paging.next_offset` asks for `?offset=N`, a top-level
    /// `next_cursor` for `?cursor=C`; a page without either is the last (the mock API's layout).
    case links
    /// The client asks for `?limit=L&offset=N`, from offset 0 on by `limit`; a page whose `data` holds
    /// fewer than `limit` items (or none) is the last.
    case limitOffset(limit: Int)
}
