//! Links between the pages of a paginated list (a generated list, or a
//! folder page's "In this section"): the first, the last and a window
//! around the current one.

use serde::Serialize;

/// A page of the list to link, or a gap (`number` 0) between the
/// pages shown.
#[derive(Serialize)]
pub struct PageLink {
    number: usize,
    url: String,
    current: bool,
    gap: bool,
}

/// The links of page `number` of `count` (none for a single page), each
/// page's address from `page_url`.
pub fn links(count: usize, number: usize, page_url: &dyn Fn(usize) -> String) -> Vec<PageLink> {
    if count <= 1 {
        return Vec::new();
    }
    page_window(count, number)
        .into_iter()
        .map(|n| PageLink {
            number: n.unwrap_or(0),
            url: n.map(page_url).unwrap_or_default(),
            current: n == Some(number),
            gap: n.is_none(),
        })
        .collect()
}

/// Page `number` of `count` as a template reads it (`pager`): its links,
/// and the pages before and after it.
#[derive(Serialize)]
pub struct Pager {
    pub current: usize,
    pub pages: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `None` for a single page.
    pub fn new(count: usize, number: usize, page_url: &dyn Fn(usize) -> String) -> Option<Pager> {
        (count > 1).then(|| Pager {
            current: number,
            pages: links(count, number, page_url),
            previous: (number > 1).then(|| page_url(number - 1)),
            next: (number < count).then(|| page_url(number + 1)),
        })
    }
}

/// The page numbers a list's page links to: the first, the last, and
/// [`PAGE_WINDOW`] on each side of the current one, `None` where pages are
/// left out. Every page linking every other made a 100,000-entry site's
/// list pages grow with the square of their number (1,666 question pages
/// of 108 kB each, issue #24); with a window each page's links are bounded.
fn page_window(count: usize, current: usize) -> Vec<Option<usize>> {
    let from = current.saturating_sub(PAGE_WINDOW).max(1);
    let to = (current + PAGE_WINDOW).min(count);
    let mut shown = Vec::new();
    // A gap stands for two pages or more: one page left out is shown.
    if from > 1 {
        shown.push(Some(1));
        match from {
            3 => shown.push(Some(2)),
            4.. => shown.push(None),
            _ => {}
        }
    }
    shown.extend((from..=to).map(Some));
    if to < count {
        match count - to {
            2 => shown.push(Some(count - 1)),
            3.. => shown.push(None),
            _ => {}
        }
        shown.push(Some(count));
    }
    shown
}

/// Pages linked on each side of the current one.
const PAGE_WINDOW: usize = 2;

#[cfg(test)]
mod tests {
    use super::page_window;

    #[test]
    fn list_pages_link_a_window_of_pages_with_the_first_and_last() {
        let shown = |count, current| -> Vec<String> {
            page_window(count, current)
                .into_iter()
                .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
                .collect()
        };
        assert_eq!(shown(2, 1), ["1", "2"]);
        assert_eq!(shown(5, 3), ["1", "2", "3", "4", "5"]);
        assert_eq!(shown(1666, 1), ["1", "2", "3", "…", "1666"]);
        assert_eq!(
            shown(1666, 800),
            ["1", "…", "798", "799", "800", "801", "802", "…", "1666"]
        );
        assert_eq!(shown(1666, 1666), ["1", "…", "1664", "1665", "1666"]);
        // No gap for a single page left out: the page itself is shown.
        assert_eq!(shown(8, 4), ["1", "2", "3", "4", "5", "6", "7", "8"]);
        assert_eq!(shown(9, 5), ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        assert_eq!(shown(10, 5), ["1", "2", "3", "4", "5", "6", "7", "…", "10"]);
    }
}
