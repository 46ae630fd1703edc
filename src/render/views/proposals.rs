//! What the public-comment templates receive: proposals.html, proposal.html
//! and the home page's `consultations`.

use serde::Serialize;

use super::UnitRef;

/// A proposal: `proposals[]` of proposals.html, `proposal` of
/// proposal.html, `consultations[]` of index.html.
#[derive(Serialize)]
pub struct ProposalView<'a> {
    pub id: &'a str,
    pub year: i32,
    pub title: &'a str,
    pub award: &'a str,
    pub council: &'a str,
    pub url: String,
    /// `2025-01-06`: the script reads these.
    pub start: String,
    pub end: String,
    pub start_short: String,
    pub end_short: String,
    pub working_days: u32,
    pub status: Status,
    pub units: Vec<ProposedUnit<'a>>,
    pub individuals: Vec<IndividualView<'a>>,
    pub contact_html: String,
    pub description_html: String,
    /// The decision that followed (`number`, and `document` when the
    /// register has it), or null.
    pub outcome: Option<Outcome<'a>>,
}

/// `status` of a proposal, as the build moment sees it.
#[derive(Serialize)]
pub struct Status {
    /// `open`, `closed` or `upcoming`.
    pub code: &'static str,
    /// "Đang lấy ý kiến".
    pub label: String,
    /// "còn 5 ngày", "hôm nay là ngày cuối", "kết thúc ngày 19/01/2024".
    pub detail: String,
    /// Days left counting today, while open.
    pub days_left: Option<i32>,
}

/// `units[]` of a proposal.
#[derive(Serialize)]
pub struct ProposedUnit<'a> {
    pub unit: Option<UnitRef>,
    pub reason: &'a str,
}

/// `individuals[]` of a proposal.
#[derive(Serialize)]
pub struct IndividualView<'a> {
    pub name: &'a str,
    pub position: Option<&'a str>,
    pub unit: Option<&'a str>,
}

/// `outcome` of a proposal.
#[derive(Serialize)]
pub struct Outcome<'a> {
    pub number: &'a str,
    /// The document's title and page, when the register has it.
    pub title: Option<String>,
    pub url: Option<String>,
}

/// `built` of the public-comment pages: when the status shown was true.
#[derive(Serialize)]
pub struct Built {
    /// RFC 3339 in Vietnam's time, to the minute.
    pub datetime: String,
    /// "Tình trạng tính đến 09:00 ngày 10/01/2025, lúc trang được tạo."
    pub text: String,
    /// `2025-01-10`: the day the status was computed for.
    pub today: String,
}
