//! Lists cut into pages, and the `paginator` each page of a list receives.

use super::views::{PageLink, Paginator, tv};
use crate::content::Page;
use crate::urls::Urls;

/// A list cut into pages of `per_page` items; a list without items is one
/// empty page, so its page still exists.
pub(super) fn chunks<'a, 'p>(items: &'a [&'p Page], per_page: usize) -> Vec<&'a [&'p Page]> {
    if items.is_empty() {
        vec![&[]]
    } else {
        items.chunks(per_page.max(1)).collect()
    }
}

/// The `paginator` value of page `n` of `total` of the list at `path`.
pub(super) fn paginator(urls: &Urls, path: &str, n: usize, total: usize) -> tera::Value {
    let page_url = |k: usize| urls.url(&urls.paginated(path, k));
    tv(&Paginator {
        current: n,
        total,
        prev_url: (n > 1).then(|| page_url(n - 1)),
        next_url: (n < total).then(|| page_url(n + 1)),
        pages: page_window(n, total)
            .into_iter()
            .map(|(k, gap_before)| PageLink {
                number: k,
                url: page_url(k),
                current: k == n,
                gap_before,
            })
            .collect(),
    })
}

/// The page numbers a paginator shows: the first, the last and two on each side
/// of the current one, each marked when numbers were skipped before it. Listing
/// every page would make a thousand-page section quadratic in size.
fn page_window(current: usize, total: usize) -> Vec<(usize, bool)> {
    let mut out: Vec<(usize, bool)> = Vec::new();
    let near = current.saturating_sub(2).max(1)..=(current + 2).min(total);
    for k in [1].into_iter().chain(near).chain([total]) {
        if k <= total && out.last().is_none_or(|(prev, _)| k > *prev) {
            let gap = out.last().is_some_and(|(prev, _)| k > prev + 1);
            out.push((k, gap));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn paginator_window() {
        assert_eq!(page_window(1, 1), vec![(1, false)]);
        assert_eq!(page_window(1, 3), vec![(1, false), (2, false), (3, false)]);
        let w: Vec<usize> = page_window(50, 1000).into_iter().map(|(k, _)| k).collect();
        assert_eq!(w, vec![1, 48, 49, 50, 51, 52, 1000]);
        assert_eq!(page_window(50, 1000)[1], (48, true));
        assert_eq!(page_window(1000, 1000).last(), Some(&(1000, false)));
    }
}
