//! How long the names bangvang writes may be. File systems allow 255 bytes
//! per file or folder name; slugs can outgrow the names they come from (a
//! transliterated symbol becomes a word), so the limit is checked where each
//! name is made, with a margin for the temporary names used while writing
//! (`.NAME.old1.bangvang-tmp`).

/// The longest output file or folder name, in bytes.
pub const MAX_NAME: usize = 200;
/// The longest output path below the output folder, in bytes: Linux's
/// PATH_MAX is 4096 and the output folder's own path counts too.
pub const MAX_PATH: usize = 3000;

/// The first `/`-separated part of `path` longer than [`MAX_NAME`].
pub fn too_long_part(path: &str) -> Option<&str> {
    path.split('/').find(|p| p.len() > MAX_NAME)
}

/// The start of a long name, for messages: `phuong-huyen-tung-…` (30 characters).
pub fn abbreviate(s: &str) -> String {
    match s.char_indices().nth(30) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_and_abbreviations() {
        let long = "a".repeat(MAX_NAME + 1);
        assert_eq!(too_long_part(&format!("x/{long}/index.html")), Some(long.as_str()));
        assert_eq!(too_long_part(&format!("x/{}/index.html", "a".repeat(MAX_NAME))), None);
        assert_eq!(abbreviate(&long).chars().count(), 31);
        assert_eq!(abbreviate("ngắn"), "ngắn");
    }
}
