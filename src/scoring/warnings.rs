//! Warnings that only the computed standings can give. Kept apart from
//! `season` (decoding) so that decoding does not depend on computing:
//! `compute` reads a `Season`, and this reads both.

use super::compute::{Row, Standings};
use super::season::Season;
use crate::diag::Diagnostic;

/// Ties can hand an award to more units than its `top`: legitimate if the
/// cluster decided so, but worth a look, so it is a warning.
pub fn shared_awards(file: &str, season: &Season, standings: &Standings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, award) in season.awards.iter().enumerate() {
        let winners: Vec<&Row> = standings.rows.iter().filter(|r| r.award == Some(i)).collect();
        if winners.len() <= award.top as usize {
            continue;
        }
        let worst = winners.iter().map(|r| r.rank).max().unwrap_or(0);
        let names: Vec<&str> = winners
            .iter()
            .filter(|r| r.rank == worst)
            .map(|r| r.unit.as_str())
            .collect();
        out.push(
            Diagnostic::warning(
                file,
                Some(award.loc),
                format!(
                    "award `{}` (top {}) goes to {} units: {} are tied at rank {worst}",
                    award.title,
                    award.top,
                    winners.len(),
                    names.join(", ")
                ),
            )
            .with_hint("add a `tie_break` key to separate them, or keep it if the cluster shares the award"),
        );
    }
    out
}
