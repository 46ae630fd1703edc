//! Temporary stub until the theme's word tables land.
use crate::text::Lang;
pub fn words(_lang: Lang) -> &'static [(&'static str, &'static str)] {
    &[("home", "Trang chủ"), ("news", "Tin tức"), ("units", "Đơn vị"), ("tags", "Chủ đề"), ("search", "Tìm kiếm")]
}
