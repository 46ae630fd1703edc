//! UI words of the default theme, in each site language.
//!
//! Templates read them as `t.<key>` (for example `{{ t.news }}`). Both tables
//! hold the same keys in the same order; a test checks that, and that every
//! `t.<key>` written in `themes/default/templates` is in the tables.
//!
//! Words are plain text (templates escape them). A few are patterns with
//! placeholders in braces (`{n}`, `{cap}`, `{number}`, `{date}`) that the
//! search script or a template (`replace(from="{n}", to=…)`) fills in; a
//! translation keeps every placeholder of its key. `search_path` is the
//! search page's path below `site.root_path`, for forms and links that point
//! to it from other pages.

use crate::text::Lang;

/// The (key, word) pairs of `lang`, in a fixed order.
/// One UI word; a key missing from the tables shows as itself (a test keeps
/// the tables complete for the keys the code and templates use).
pub fn word(lang: Lang, key: &str) -> String {
    words(lang)
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_owned(), |(_, v)| (*v).to_owned())
}

pub fn words(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::Vi => VI,
        Lang::En => EN,
    }
}

const VI: &[(&str, &str)] = &[
    // Layout
    ("skip_to_content", "Bỏ qua, đến nội dung chính"),
    ("main_navigation", "Điều hướng chính"),
    ("breadcrumb", "Vị trí trang"),
    ("home", "Trang chủ"),
    ("news", "Tin tức"),
    ("units", "Đơn vị"),
    ("tags", "Chủ đề"),
    ("search", "Tìm kiếm"),
    ("about", "Giới thiệu"),
    ("notice_label", "Lưu ý"),
    ("subscribe", "Theo dõi tin mới"),
    ("built_with", "Trang được tạo bằng"),
    ("back_to_top", "Lên đầu trang"),
    ("search_path", "tim-kiem/"),
    // Lists of news
    ("latest_news", "Tin mới nhất"),
    ("read_more", "Xem tiếp"),
    ("no_news", "Chưa có tin nào."),
    ("pagination", "Phân trang"),
    ("previous_page", "Trang trước"),
    ("next_page", "Trang sau"),
    ("page_n", "Trang"),
    // A news item
    ("published", "Ngày đăng"),
    ("author", "Tác giả"),
    ("related_units", "Đơn vị liên quan"),
    ("table_of_contents", "Mục lục"),
    ("older", "Tin cũ hơn"),
    ("newer", "Tin mới hơn"),
    ("item_navigation", "Tin trước và sau"),
    ("cluster", "Cụm thi đua"),
    ("year", "Năm"),
    // Units
    ("official_order", "Theo thứ tự hành chính"),
    ("alphabetical_order", "Theo thứ tự A–Z"),
    ("code", "Mã"),
    ("name", "Tên đơn vị"),
    ("kind", "Loại"),
    ("status", "Tình trạng"),
    ("active_unit", "Đang hoạt động"),
    ("former_unit", "Đơn vị cũ"),
    ("until", "đến"),
    // Told apart from a unit of the same name: "Phường Đức Xuân (đến 30/06/2025)".
    ("unit_until", "đến {date}"),
    ("unit_from", "từ {date}"),
    ("unit_code", "mã {code}"),
    ("now_part_of", "Nay thuộc"),
    ("successor", "Đơn vị kế thừa"),
    ("predecessors", "Đơn vị tiền thân"),
    ("aliases", "Tên gọi khác"),
    ("news_count", "Số tin"),
    ("number_short", "STT"),
    ("news_about_unit", "Tin tức về đơn vị"),
    // Tags
    ("tag", "Chủ đề"),
    ("all_tags", "Tất cả chủ đề"),
    // Search
    ("search_label", "Từ khóa tìm kiếm"),
    ("search_button", "Tìm"),
    ("search_site", "Tìm trong trang"),
    ("search_placeholder", "Nhập từ khóa…"),
    (
        "search_hint",
        "Gõ không dấu cũng được: “huyen tung” tìm thấy “Huyền Tụng”.",
    ),
    (
        "search_noscript",
        "Tìm kiếm cần bật JavaScript trong trình duyệt. Bạn vẫn có thể xem nội dung theo các mục dưới đây.",
    ),
    ("search_loading", "Đang tải dữ liệu tìm kiếm…"),
    ("search_error", "Không tải được dữ liệu tìm kiếm. Vui lòng thử lại sau."),
    ("search_count", "Tìm thấy {n} kết quả."),
    (
        "search_more",
        "Đang hiện {n} kết quả đầu tiên; thêm từ khóa để thu hẹp.",
    ),
    ("no_results", "Không tìm thấy kết quả phù hợp."),
    ("search_results", "Kết quả tìm kiếm"),
    ("kind_item", "Tin tức"),
    ("kind_unit", "Đơn vị"),
    ("kind_page", "Trang"),
    // Not found
    ("not_found", "Không tìm thấy trang"),
    (
        "not_found_text",
        "Trang bạn tìm không tồn tại hoặc đã được chuyển sang địa chỉ khác.",
    ),
    ("not_found_try", "Bạn có thể:"),
    ("back_home", "Về trang chủ"),
    ("try_search", "Tìm kiếm trên trang"),
    // Results pages
    ("standings", "Bảng xếp hạng"),
    ("rank", "Hạng"),
    ("unit", "Đơn vị"),
    ("points", "Điểm"),
    ("points_word", "điểm"),
    ("bonus", "Điểm thưởng"),
    ("deductions", "Điểm trừ"),
    ("total", "Tổng điểm"),
    ("tier", "Xếp loại"),
    ("award", "Khen thưởng"),
    ("change", "So với năm trước"),
    ("moved_up", "Tăng"),
    ("moved_down", "Giảm"),
    ("no_change", "Giữ nguyên"),
    ("new_entry", "Mới"),
    ("stage", "Vòng chấm"),
    ("self_assessment", "Tự chấm"),
    ("cross_scoring", "Cụm chấm"),
    ("council_appraisal", "Hội đồng thẩm định"),
    ("criteria", "Tiêu chí"),
    ("group", "Nhóm tiêu chí"),
    ("subtotal", "Cộng"),
    ("max_points", "Điểm chuẩn"),
    ("scoring_sheet", "Biểu chấm điểm"),
    ("leader", "Cụm trưởng"),
    ("deputy", "Cụm phó"),
    ("members", "Đơn vị thành viên"),
    ("results", "Kết quả thi đua"),
    ("history", "Kết quả qua các năm"),
    ("reason", "Lý do"),
    ("note", "Ghi chú"),
    ("decision", "Quyết định"),
    ("missing_scores", "Đơn vị chưa có điểm"),
    (
        "illustrative_notice",
        "Điểm số trên trang này là dữ liệu minh họa, không phải kết quả chính thức.",
    ),
    ("provisional", "Kết quả tạm thời"),
    ("planned", "Chưa chấm điểm"),
    ("final", "Kết quả chính thức"),
    ("download_csv", "Dữ liệu CSV (cho phần mềm)"),
    ("download_json", "Dữ liệu JSON (cho phần mềm)"),
    ("download_xlsx", "Bảng tính Excel (XLSX)"),
    // Results pages: a cluster's year
    ("year_n", "Năm {n}"),
    ("status_label", "Tình trạng"),
    ("planned_banner", "Biểu chấm điểm đã ban hành, chưa có kết quả."),
    (
        "planned_banner_more",
        "Trang này sẽ có bảng xếp hạng khi các đơn vị được chấm điểm.",
    ),
    ("provisional_banner", "Đây là kết quả tạm thời, có thể thay đổi."),
    ("missing_count", "Còn {n} đơn vị chưa có điểm"),
    ("member_count", "Số đơn vị thành viên"),
    ("scored_units", "Đã có điểm"),
    ("scale", "Thang điểm"),
    ("bonus_cap", "Điểm thưởng tối đa"),
    ("stages", "Các vòng chấm"),
    ("on_this_page", "Trên trang này"),
    ("tied", "đồng hạng"),
    ("bonus_claimed", "Điểm thưởng đạt được"),
    ("bonus_counted", "được tính"),
    (
        "bonus_cap_note",
        "Điểm thưởng vượt mức tối đa ({cap} điểm) chỉ được tính bằng mức tối đa.",
    ),
    ("moved_up_n", "Tăng {n} bậc"),
    ("moved_down_n", "Giảm {n} bậc"),
    ("not_ranked_before", "Năm trước chưa xếp hạng"),
    ("group_subtotals", "Điểm theo nhóm tiêu chí"),
    ("max_in_brackets", "trong ngoặc là điểm chuẩn"),
    ("stage_scores", "Điểm qua các vòng chấm"),
    (
        "stage_scores_intro",
        "Điểm của từng đơn vị ở mỗi vòng chấm; vòng cuối cùng của đơn vị (in đậm) là điểm được tính.",
    ),
    ("final_stage", "Vòng tính điểm"),
    ("not_scored", "chưa chấm"),
    ("bonus_and_deductions", "Điểm thưởng và điểm trừ"),
    (
        "no_bonus_or_deductions",
        "Không có đơn vị nào được cộng hoặc bị trừ điểm.",
    ),
    ("breakdown", "Điểm chi tiết theo tiêu chí"),
    (
        "breakdown_intro",
        "Điểm vòng cuối của từng đơn vị ở mỗi tiêu chí; đơn vị xếp theo thứ hạng.",
    ),
    (
        "sheet_intro",
        "Các tiêu chí và điểm chuẩn; điểm của một nhóm là tổng điểm các tiêu chí trong nhóm.",
    ),
    ("rules", "Xếp loại và khen thưởng"),
    ("tiers", "Mức xếp loại"),
    ("min_points_n", "Từ {n} điểm"),
    ("awards", "Hình thức khen thưởng"),
    ("award_rank_one", "Đơn vị xếp hạng nhất"),
    ("award_rank_top", "Các đơn vị xếp hạng 1 đến {n}"),
    ("award_min", "có tổng điểm từ {n}"),
    (
        "award_once",
        "Mỗi đơn vị nhận nhiều nhất một hình thức khen thưởng trong năm.",
    ),
    ("decision_n", "Quyết định số {number} ngày {date}"),
    ("no_decision", "Chưa có quyết định khen thưởng."),
    ("tie_break", "Khi bằng tổng điểm"),
    ("tie_break_intro", "Các đơn vị bằng tổng điểm được xếp lần lượt theo:"),
    ("tie_break_last", "Nếu vẫn bằng nhau, các đơn vị đồng hạng."),
    ("tie_group", "Điểm nhóm tiêu chí cao hơn:"),
    ("tie_deductions", "Ít điểm trừ hơn"),
    ("tie_bonus", "Nhiều điểm thưởng hơn"),
    ("downloads", "Tải dữ liệu"),
    (
        "downloads_intro",
        "Để xem và in bằng Excel hoặc LibreOffice, tải bảng tính XLSX. CSV và JSON là dữ liệu cho phần mềm: số thập phân viết bằng dấu chấm (90.75), nên mở CSV bằng Excel cài tiếng Việt thì các số ấy có thể thành chữ.",
    ),
    ("other_years", "Các năm khác"),
    ("previous_year", "Năm trước"),
    ("next_year", "Năm sau"),
    ("all_years", "Tất cả các năm của cụm"),
    // Results pages: lists of years, the home page, a unit
    (
        "standings_intro",
        "Kết quả thi đua của từng cụm theo năm: thứ hạng, tổng điểm, xếp loại và khen thưởng.",
    ),
    ("no_standings", "Chưa có bảng xếp hạng nào."),
    ("seasons", "Các năm thi đua"),
    ("organiser", "Đơn vị tổ chức"),
    ("first_place", "Xếp hạng nhất"),
    ("view", "Xem"),
    ("latest_standings", "Bảng xếp hạng mới nhất"),
    ("full_standings", "Xem bảng xếp hạng đầy đủ"),
    ("role", "Vai trò"),
    ("rank_word", "hạng"),
    ("chart_caption", "Tổng điểm và thứ hạng qua các năm"),
    ("no_results_yet", "Đơn vị chưa có kết quả thi đua."),
    // Documents register and public comment
    ("documents", "Văn bản"),
    (
        "documents_intro",
        "Văn bản chỉ đạo, điều hành và quyết định khen thưởng, xếp theo ngày ban hành.",
    ),
    ("documents_all", "Tất cả"),
    ("documents_year_n", "Văn bản năm {n}"),
    ("documents_by_year", "Theo năm"),
    ("documents_by_form", "Theo loại văn bản"),
    ("documents_none", "Chưa có văn bản nào."),
    ("document_form", "Loại văn bản"),
    ("document_number", "Số, ký hiệu"),
    ("document_issuer", "Cơ quan ban hành"),
    ("document_issued", "Ngày ban hành"),
    ("document_effective", "Ngày hiệu lực"),
    ("document_summary", "Trích yếu"),
    ("document_file", "Tệp đính kèm"),
    ("document_download", "Tải văn bản"),
    ("download", "Tải về"),
    ("document_title_n", "{form} số {number}"),
    ("consultations", "Lấy ý kiến"),
    (
        "consultations_intro",
        "Danh sách đề nghị khen thưởng được công khai để lấy ý kiến nhân dân trước khi Hội đồng Thi đua – Khen thưởng xét.",
    ),
    ("consultations_open", "Lấy ý kiến nhân dân"),
    ("consultations_none", "Chưa có danh sách nào được lấy ý kiến."),
    ("consultation_award", "Hình thức khen thưởng"),
    ("consultation_council", "Hội đồng xét"),
    ("consultation_period", "Thời gian lấy ý kiến"),
    ("consultation_period_n", "Từ {start} đến hết {end} ({n} ngày làm việc)"),
    ("consultation_units", "Tập thể được đề nghị"),
    ("consultation_reason", "Thành tích"),
    ("consultation_individuals", "Cá nhân được đề nghị"),
    ("consultation_name", "Họ và tên"),
    ("consultation_position", "Chức vụ"),
    ("consultation_contact", "Nơi nhận và cách gửi ý kiến"),
    ("consultation_outcome", "Kết quả"),
    ("consultation_outcome_none", "Chưa có quyết định."),
    ("status_open", "Đang lấy ý kiến"),
    ("status_closed", "Đã kết thúc"),
    ("status_upcoming", "Sắp lấy ý kiến"),
    ("days_left_n", "còn {n} ngày"),
    ("last_day", "hôm nay là ngày cuối"),
    ("starts_on_n", "bắt đầu từ ngày {date}"),
    ("ended_on_n", "kết thúc ngày {date}"),
    (
        "built_at_n",
        "Tình trạng tính đến {time} ngày {date}, lúc trang được tạo.",
    ),
    ("built_live", "Tình trạng được tính theo ngày trên máy của bạn."),
];

const EN: &[(&str, &str)] = &[
    // Layout
    ("skip_to_content", "Skip to main content"),
    ("main_navigation", "Main navigation"),
    ("breadcrumb", "Breadcrumb"),
    ("home", "Home"),
    ("news", "News"),
    ("units", "Units"),
    ("tags", "Tags"),
    ("search", "Search"),
    ("about", "About"),
    ("notice_label", "Note"),
    ("subscribe", "Follow new items"),
    ("built_with", "Built with"),
    ("back_to_top", "Back to top"),
    ("search_path", "search/"),
    // Lists of news
    ("latest_news", "Latest news"),
    ("read_more", "Read more"),
    ("no_news", "No news yet."),
    ("pagination", "Pagination"),
    ("previous_page", "Previous page"),
    ("next_page", "Next page"),
    ("page_n", "Page"),
    // A news item
    ("published", "Published"),
    ("author", "Author"),
    ("related_units", "Related units"),
    ("table_of_contents", "Contents"),
    ("older", "Older"),
    ("newer", "Newer"),
    ("item_navigation", "Previous and next items"),
    ("cluster", "Emulation cluster"),
    ("year", "Year"),
    // Units
    ("official_order", "In official order"),
    ("alphabetical_order", "A–Z"),
    ("code", "Code"),
    ("name", "Name"),
    ("kind", "Type"),
    ("status", "Status"),
    ("active_unit", "Current"),
    ("former_unit", "Former unit"),
    ("until", "until"),
    ("unit_until", "until {date}"),
    ("unit_from", "from {date}"),
    ("unit_code", "code {code}"),
    ("now_part_of", "Now part of"),
    ("successor", "Successor"),
    ("predecessors", "Predecessors"),
    ("aliases", "Also known as"),
    ("news_count", "News items"),
    ("number_short", "No."),
    ("news_about_unit", "News about this unit"),
    // Tags
    ("tag", "Tag"),
    ("all_tags", "All tags"),
    // Search
    ("search_label", "Search terms"),
    ("search_button", "Search"),
    ("search_site", "Search the site"),
    ("search_placeholder", "Search words…"),
    (
        "search_hint",
        "Diacritics are optional: “huyen tung” finds “Huyền Tụng”.",
    ),
    (
        "search_noscript",
        "Search needs JavaScript to be enabled. You can still browse the sections below.",
    ),
    ("search_loading", "Loading the search index…"),
    (
        "search_error",
        "The search index could not be loaded. Please try again later.",
    ),
    ("search_count", "Results: {n}."),
    (
        "search_more",
        "Showing the first {n} results; add words to narrow down.",
    ),
    ("no_results", "No matching results."),
    ("search_results", "Search results"),
    ("kind_item", "News"),
    ("kind_unit", "Unit"),
    ("kind_page", "Page"),
    // Not found
    ("not_found", "Page not found"),
    (
        "not_found_text",
        "The page you are looking for does not exist or has moved.",
    ),
    ("not_found_try", "You can:"),
    ("back_home", "Go to the home page"),
    ("try_search", "Search this site"),
    // Results pages
    ("standings", "Standings"),
    ("rank", "Rank"),
    ("unit", "Unit"),
    ("points", "Points"),
    ("points_word", "points"),
    ("bonus", "Bonus"),
    ("deductions", "Deductions"),
    ("total", "Total"),
    ("tier", "Rating"),
    ("award", "Award"),
    ("change", "Since last year"),
    ("moved_up", "Up"),
    ("moved_down", "Down"),
    ("no_change", "No change"),
    ("new_entry", "New"),
    ("stage", "Stage"),
    ("self_assessment", "Self-assessment"),
    ("cross_scoring", "Cluster scoring"),
    ("council_appraisal", "Council appraisal"),
    ("criteria", "Criteria"),
    ("group", "Criteria group"),
    ("subtotal", "Subtotal"),
    ("max_points", "Max points"),
    ("scoring_sheet", "Scoring sheet"),
    ("leader", "Cluster leader"),
    ("deputy", "Deputy leader"),
    ("members", "Member units"),
    ("results", "Results"),
    ("history", "Results by year"),
    ("reason", "Reason"),
    ("note", "Note"),
    ("decision", "Decision"),
    ("missing_scores", "Units without scores yet"),
    (
        "illustrative_notice",
        "The scores on this page are illustrative, not official results.",
    ),
    ("provisional", "Provisional results"),
    ("planned", "Not yet scored"),
    ("final", "Final results"),
    ("download_csv", "CSV data (for programs)"),
    ("download_json", "JSON data (for programs)"),
    ("download_xlsx", "Spreadsheet (XLSX)"),
    // Results pages: a cluster's year
    ("year_n", "Year {n}"),
    ("status_label", "Status"),
    (
        "planned_banner",
        "The scoring sheet has been adopted; there are no results yet.",
    ),
    (
        "planned_banner_more",
        "The standings will appear here once the units have been scored.",
    ),
    ("provisional_banner", "These results are provisional and may change."),
    ("missing_count", "{n} units have no scores yet"),
    ("member_count", "Member units"),
    ("scored_units", "Scored"),
    ("scale", "Scale"),
    ("bonus_cap", "Bonus cap"),
    ("stages", "Scoring stages"),
    ("on_this_page", "On this page"),
    ("tied", "tied"),
    ("bonus_claimed", "Bonus earned"),
    ("bonus_counted", "counted"),
    (
        "bonus_cap_note",
        "Bonus points above the cap ({cap} points) count as the cap.",
    ),
    ("moved_up_n", "Up {n}"),
    ("moved_down_n", "Down {n}"),
    ("not_ranked_before", "Not ranked last year"),
    ("group_subtotals", "Points by criteria group"),
    ("max_in_brackets", "maximum points in brackets"),
    ("stage_scores", "Points at each scoring stage"),
    (
        "stage_scores_intro",
        "Each unit's points at each stage; a unit's last stage (in bold) is the one that counts.",
    ),
    ("final_stage", "Counting stage"),
    ("not_scored", "not scored"),
    ("bonus_and_deductions", "Bonus and deductions"),
    ("no_bonus_or_deductions", "No unit has bonus points or deductions."),
    ("breakdown", "Points by criterion"),
    (
        "breakdown_intro",
        "Each unit's final-stage points for each criterion; units in rank order.",
    ),
    (
        "sheet_intro",
        "The criteria and their maximum points; a group's points are the sum of its criteria.",
    ),
    ("rules", "Ratings and awards"),
    ("tiers", "Ratings"),
    ("min_points_n", "{n} points or more"),
    ("awards", "Awards"),
    ("award_rank_one", "The unit ranked first"),
    ("award_rank_top", "Units ranked 1 to {n}"),
    ("award_min", "with a total of at least {n}"),
    ("award_once", "A unit receives at most one award a year."),
    ("decision_n", "Decision No. {number} of {date}"),
    ("no_decision", "No award decision yet."),
    ("tie_break", "Equal totals"),
    ("tie_break_intro", "Units with equal totals are ordered by, in turn:"),
    ("tie_break_last", "Units still equal share a rank."),
    ("tie_group", "Higher subtotal of criteria group"),
    ("tie_deductions", "Fewer deduction points"),
    ("tie_bonus", "More bonus points"),
    ("downloads", "Downloads"),
    (
        "downloads_intro",
        "To view and print in Excel or LibreOffice, download the XLSX spreadsheet. CSV and JSON are data for programs: decimals are written with a point (90.75), so a spreadsheet set to a language that writes decimal commas may read them as text.",
    ),
    ("other_years", "Other years"),
    ("previous_year", "Previous year"),
    ("next_year", "Next year"),
    ("all_years", "All years of this cluster"),
    // Results pages: lists of years, the home page, a unit
    (
        "standings_intro",
        "Each cluster's emulation results by year: ranks, totals, ratings and awards.",
    ),
    ("no_standings", "No standings yet."),
    ("seasons", "Emulation years"),
    ("organiser", "Organiser"),
    ("first_place", "First place"),
    ("view", "View"),
    ("latest_standings", "Latest standings"),
    ("full_standings", "Full standings"),
    ("role", "Role"),
    ("rank_word", "rank"),
    ("chart_caption", "Total and rank by year"),
    ("no_results_yet", "This unit has no emulation results yet."),
    // Documents register and public comment
    ("documents", "Documents"),
    (
        "documents_intro",
        "Directives, plans and award decisions, by date of issue.",
    ),
    ("documents_all", "All"),
    ("documents_year_n", "Documents of {n}"),
    ("documents_by_year", "By year"),
    ("documents_by_form", "By form"),
    ("documents_none", "No documents yet."),
    ("document_form", "Form"),
    ("document_number", "Number"),
    ("document_issuer", "Issued by"),
    ("document_issued", "Date of issue"),
    ("document_effective", "Date of effect"),
    ("document_summary", "Summary"),
    ("document_file", "File"),
    ("document_download", "Download the document"),
    ("download", "Download"),
    ("document_title_n", "{form} No. {number}"),
    ("consultations", "Public comment"),
    (
        "consultations_intro",
        "Lists of proposed awards posted for public comment before the emulation council decides.",
    ),
    ("consultations_open", "Open and upcoming consultations"),
    ("consultations_none", "No list has been posted for comment yet."),
    ("consultation_award", "Award"),
    ("consultation_council", "Council"),
    ("consultation_period", "Comment period"),
    (
        "consultation_period_n",
        "From {start} to the end of {end} ({n} working days)",
    ),
    ("consultation_units", "Units proposed"),
    ("consultation_reason", "Achievement"),
    ("consultation_individuals", "Individuals proposed"),
    ("consultation_name", "Name"),
    ("consultation_position", "Position"),
    ("consultation_contact", "Where and how to send comments"),
    ("consultation_outcome", "Outcome"),
    ("consultation_outcome_none", "No decision yet."),
    ("status_open", "Open"),
    ("status_closed", "Closed"),
    ("status_upcoming", "Upcoming"),
    ("days_left_n", "{n} days left"),
    ("last_day", "today is the last day"),
    ("starts_on_n", "opens on {date}"),
    ("ended_on_n", "closed on {date}"),
    ("built_at_n", "Status as of {time} on {date}, when this page was built."),
    ("built_live", "Status as of today on your device."),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::Path;

    fn keys(lang: Lang) -> Vec<&'static str> {
        words(lang).iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn both_languages_have_the_same_keys_in_the_same_order() {
        assert_eq!(keys(Lang::Vi), keys(Lang::En));
    }

    /// A translation keeps the placeholders (`{n}`, `{cap}` …) templates and scripts fill in.
    #[test]
    fn both_languages_have_the_same_placeholders() {
        fn placeholders(word: &str) -> BTreeSet<&str> {
            word.match_indices('{')
                .filter_map(|(i, _)| word[i..].find('}').map(|j| &word[i..=i + j]))
                .collect()
        }
        for ((key, vi), (_, en)) in words(Lang::Vi).iter().zip(words(Lang::En)) {
            assert_eq!(placeholders(vi), placeholders(en), "key `{key}`");
        }
    }

    #[test]
    fn no_key_twice_and_no_empty_word() {
        for lang in [Lang::Vi, Lang::En] {
            let mut seen = BTreeSet::new();
            for (key, word) in words(lang) {
                assert!(seen.insert(*key), "{lang:?}: key `{key}` twice");
                assert!(!word.trim().is_empty(), "{lang:?}: key `{key}` has no word");
                assert!(
                    key.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                    "key `{key}` is not a template identifier"
                );
            }
        }
    }

    #[test]
    fn keys_later_pages_need_are_there() {
        let have: BTreeSet<_> = keys(Lang::Vi).into_iter().collect();
        for key in [
            "standings",
            "rank",
            "unit",
            "points",
            "bonus",
            "deductions",
            "total",
            "tier",
            "award",
            "change",
            "stage",
            "criteria",
            "max_points",
            "cluster",
            "year",
            "leader",
            "deputy",
            "results",
            "successor",
            "predecessors",
            "illustrative_notice",
            "provisional",
            "planned",
            "final",
            "download_csv",
            "download_json",
            "download_xlsx",
        ] {
            assert!(have.contains(key), "missing key `{key}`");
        }
    }

    /// Every `t.<key>` in the default theme's templates has a word.
    #[test]
    fn every_key_the_default_theme_uses_exists() {
        let have: BTreeSet<_> = keys(Lang::Vi).into_iter().collect();
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let mut files = Vec::new();
        collect_files(&dir, &mut files);
        assert!(!files.is_empty(), "no templates under {}", dir.display());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for key in used_keys(&text) {
                assert!(have.contains(key.as_str()), "{}: unknown key t.{key}", file.display());
            }
        }
    }

    fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect_files(&path, out);
            } else {
                out.push(path);
            }
        }
    }

    /// The `key` of every `t.key` that is not part of a longer name (`set.x`, `item_t.x`).
    fn used_keys(text: &str) -> Vec<String> {
        let bytes = text.as_bytes();
        let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'.';
        let mut out = Vec::new();
        for (i, _) in text.match_indices("t.") {
            if i > 0 && ident(bytes[i - 1]) {
                continue;
            }
            let rest = &text[i + 2..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            if end > 0 {
                out.push(rest[..end].to_string());
            }
        }
        out
    }

    #[test]
    fn used_keys_finds_only_t_paths() {
        assert_eq!(
            used_keys("{{ t.news }} {{ site.t.x }} {{ item_t.y }}<a href=\"{{ t.search_path }}\">"),
            vec!["news", "search_path"]
        );
    }
}
