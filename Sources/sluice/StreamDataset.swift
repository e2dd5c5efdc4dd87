import ArgumentParser

/// The synthetic datasets `sluice stream produce` can make.
enum StreamDataset: String, ExpressibleByArgument, CaseIterable {
    /// Social posts, `source.posts.v1`.
    case posts
    /// Retail sales, `retail.sale.v1`.
    case sales
}
