//! "Did you mean …?" for misspelt keys, unit ids and cluster ids.

/// The candidate closest to `word`, if it is close enough to be a likely typo:
/// at most `max(1, len/3)` edits away, `len` being `word`'s length in chars.
/// Edits are insertions, deletions, substitutions and swaps of two adjacent
/// characters (optimal string alignment), compared case-insensitively. On a
/// tie the earlier candidate wins, so the hint never changes between runs.
pub fn nearest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let word: Vec<char> = word.chars().flat_map(char::to_lowercase).collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for &candidate in candidates {
        let cand: Vec<char> = candidate.chars().flat_map(char::to_lowercase).collect();
        // The length difference is a lower bound on the distance: skip the
        // quadratic work for candidates that cannot win.
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if cand.len().abs_diff(word.len()) > bound {
            continue;
        }
        let d = distance(&word, &cand);
        if d <= bound {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: Levenshtein plus adjacent swaps, since
/// "titel" for "title" is the commonest slip of the fingers.
fn distance(a: &[char], b: &[char]) -> usize {
    // Three rolling rows: the swap looks two rows back.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, &cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut d = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: [&str; 5] = ["title", "date", "units", "summary", "slug"];

    fn dist(a: &str, b: &str) -> usize {
        distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
    }

    #[test]
    fn likely_typos_find_their_key() {
        assert_eq!(nearest("titel", &KEYS), Some("title"));
        assert_eq!(nearest("unts", &KEYS), Some("units"));
        assert_eq!(nearest("sumary", &KEYS), Some("summary"));
        assert_eq!(nearest("Date", &KEYS), Some("date"));
        assert_eq!(nearest("slugs", &KEYS), Some("slug"));
    }

    #[test]
    fn unrelated_words_find_nothing() {
        assert_eq!(nearest("zzzzzz", &KEYS), None);
        assert_eq!(nearest("author", &KEYS), None);
        assert_eq!(nearest("", &KEYS), None);
        assert_eq!(nearest("title", &[]), None);
    }

    #[test]
    fn short_words_still_allow_one_edit() {
        assert_eq!(nearest("x", &["y", "xy"]), Some("y"));
        assert_eq!(nearest("ab", &["ba"]), Some("ba"));
        assert_eq!(nearest("ab", &["cd"]), None);
    }

    #[test]
    fn ties_go_to_the_first_candidate() {
        assert_eq!(nearest("cat", &["bat", "hat", "cut"]), Some("bat"));
        assert_eq!(nearest("cat", &["hat", "bat"]), Some("hat"));
        // A strictly closer candidate later in the list still wins.
        assert_eq!(nearest("huyen-tun", &["huyen-tu", "huyen-tung"]), Some("huyen-tu"));
        assert_eq!(nearest("huyen-tungg", &["huyen-tu", "huyen-tung"]), Some("huyen-tung"));
    }

    #[test]
    fn unit_ids_with_vietnamese_letters() {
        let ids = ["duc-xuan", "huyen-tung", "song-cau"];
        assert_eq!(nearest("huyen-tụng", &ids), Some("huyen-tung"));
        assert_eq!(nearest("duc-xaun", &ids), Some("duc-xuan"));
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(dist("", ""), 0);
        assert_eq!(dist("abc", ""), 3);
        assert_eq!(dist("", "abc"), 3);
        assert_eq!(dist("kitten", "sitting"), 3);
        assert_eq!(dist("titel", "title"), 1);
        assert_eq!(dist("ca", "abc"), 3); // OSA: no edit of a swapped pair
        assert_eq!(dist("Huyền", "Huyên"), 1); // chars, not bytes
    }
}
