//! Document types (tên loại văn bản) of NĐ 30/2020 Art. 7 and Phụ lục III, with the
//! abbreviations used in number/symbols.

use crate::CoreError;
use crate::text::fold;
use serde::{Deserialize, Serialize};

/// One of the NĐ 30 document types. Serialised as a stable snake_case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    NghiQuyet,
    QuyetDinh,
    ChiThi,
    QuyChe,
    QuyDinh,
    ThongCao,
    ThongBao,
    HuongDan,
    ChuongTrinh,
    KeHoach,
    PhuongAn,
    DeAn,
    DuAn,
    BaoCao,
    BienBan,
    ToTrinh,
    HopDong,
    CongVan,
    CongDien,
    BanGhiNho,
    BanThoaThuan,
    GiayUyQuyen,
    GiayMoi,
    GiayGioiThieu,
    GiayNghiPhep,
    PhieuGui,
    PhieuChuyen,
    PhieuBao,
    ThuCong,
    BanSaoY,
    BanTrichSao,
    BanSaoLuc,
}

/// (type, Vietnamese name, abbreviation in symbols; `None` = written without one).
const TABLE: &[(DocumentType, &str, Option<&str>)] = &[
    (DocumentType::NghiQuyet, "Nghị quyết", Some("NQ")),
    (DocumentType::QuyetDinh, "Quyết định", Some("QĐ")),
    (DocumentType::ChiThi, "Chỉ thị", Some("CT")),
    (DocumentType::QuyChe, "Quy chế", Some("QC")),
    (DocumentType::QuyDinh, "Quy định", Some("QyĐ")),
    (DocumentType::ThongCao, "Thông cáo", Some("TC")),
    (DocumentType::ThongBao, "Thông báo", Some("TB")),
    (DocumentType::HuongDan, "Hướng dẫn", Some("HD")),
    (DocumentType::ChuongTrinh, "Chương trình", Some("CTr")),
    (DocumentType::KeHoach, "Kế hoạch", Some("KH")),
    (DocumentType::PhuongAn, "Phương án", Some("PA")),
    (DocumentType::DeAn, "Đề án", Some("ĐA")),
    (DocumentType::DuAn, "Dự án", Some("DA")),
    (DocumentType::BaoCao, "Báo cáo", Some("BC")),
    (DocumentType::BienBan, "Biên bản", Some("BB")),
    (DocumentType::ToTrinh, "Tờ trình", Some("TTr")),
    (DocumentType::HopDong, "Hợp đồng", Some("HĐ")),
    (DocumentType::CongVan, "Công văn", None),
    (DocumentType::CongDien, "Công điện", Some("CĐ")),
    (DocumentType::BanGhiNho, "Bản ghi nhớ", Some("BGN")),
    (DocumentType::BanThoaThuan, "Bản thỏa thuận", Some("BTT")),
    (DocumentType::GiayUyQuyen, "Giấy ủy quyền", Some("GUQ")),
    (DocumentType::GiayMoi, "Giấy mời", Some("GM")),
    (DocumentType::GiayGioiThieu, "Giấy giới thiệu", Some("GGT")),
    (DocumentType::GiayNghiPhep, "Giấy nghỉ phép", Some("GNP")),
    (DocumentType::PhieuGui, "Phiếu gửi", Some("PG")),
    (DocumentType::PhieuChuyen, "Phiếu chuyển", Some("PC")),
    (DocumentType::PhieuBao, "Phiếu báo", Some("PB")),
    (DocumentType::ThuCong, "Thư công", None),
    (DocumentType::BanSaoY, "Bản sao y", Some("SY")),
    (DocumentType::BanTrichSao, "Bản trích sao", Some("TrS")),
    (DocumentType::BanSaoLuc, "Bản sao lục", Some("SL")),
];

impl DocumentType {
    /// Every type, in the order of NĐ 30's list.
    pub fn all() -> impl Iterator<Item = DocumentType> {
        TABLE.iter().map(|(t, _, _)| *t)
    }

    fn row(self) -> &'static (DocumentType, &'static str, Option<&'static str>) {
        TABLE
            .iter()
            .find(|(t, _, _)| *t == self)
            .expect("every type is in TABLE")
    }

    /// The Vietnamese name, e.g. "Kế hoạch".
    pub fn name_vi(self) -> &'static str {
        self.row().1
    }

    /// The abbreviation used in symbols under NĐ 30 (state style); `None` for công văn and thư công.
    pub fn abbreviation(self) -> Option<&'static str> {
        self.row().2
    }

    /// The abbreviation in Party style (Hướng dẫn 36-HD/VPTW), where công văn is written "CV".
    pub fn party_abbreviation(self) -> Option<&'static str> {
        match self {
            DocumentType::CongVan => Some("CV"),
            other => other.abbreviation(),
        }
    }

    /// The stable code (the serde name), e.g. `ke_hoach`.
    pub fn code(self) -> String {
        serde_json_free_code(self)
    }

    /// Finds a type by its Vietnamese name (with or without diacritics), its abbreviation
    /// (`KH`, `QĐ`, `QD`) or its code (`ke_hoach`).
    pub fn parse(input: &str) -> Result<DocumentType, CoreError> {
        let key = fold(input).replace('_', " ");
        let found = TABLE.iter().find(|(t, name, abbr)| {
            fold(name) == key
                || abbr.is_some_and(|a| fold(a) == key)
                || fold(&t.code()).replace('_', " ") == key
                || (*t == DocumentType::CongVan && key == "cv")
        });
        found
            .map(|(t, _, _)| *t)
            .ok_or_else(|| CoreError::InvalidField {
                field: "loại văn bản",
                reason: format!(
                    "\"{}\" không thuộc danh mục loại văn bản của Nghị định 30",
                    input.trim()
                ),
            })
    }

    /// The type whose abbreviation is exactly `abbr` (case-sensitive per NĐ 30, so "QyĐ" and
    /// "QĐ" stay distinct), as found inside a number/symbol.
    pub fn from_abbreviation(abbr: &str) -> Option<DocumentType> {
        if abbr == "CV" {
            return Some(DocumentType::CongVan);
        }
        TABLE
            .iter()
            .find(|(_, _, a)| *a == Some(abbr))
            .map(|(t, _, _)| *t)
    }
}

/// The snake_case code, derived from the variant name without pulling serde_json into the core.
fn serde_json_free_code(t: DocumentType) -> String {
    let debug = format!("{t:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_abbreviations_and_codes() {
        assert_eq!(
            DocumentType::parse("Kế hoạch").unwrap(),
            DocumentType::KeHoach
        );
        assert_eq!(
            DocumentType::parse("ke hoach").unwrap(),
            DocumentType::KeHoach
        );
        assert_eq!(DocumentType::parse("QĐ").unwrap(), DocumentType::QuyetDinh);
        assert_eq!(
            DocumentType::parse("bao_cao").unwrap(),
            DocumentType::BaoCao
        );
        assert!(DocumentType::parse("Thư tình").is_err());
    }

    #[test]
    fn codes_round_trip_with_serde_names() {
        for t in DocumentType::all() {
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{}\"", t.code()));
            assert_eq!(DocumentType::parse(&t.code()).unwrap(), t);
        }
    }

    #[test]
    fn abbreviations_are_case_exact() {
        assert_eq!(
            DocumentType::from_abbreviation("QyĐ"),
            Some(DocumentType::QuyDinh)
        );
        assert_eq!(
            DocumentType::from_abbreviation("QĐ"),
            Some(DocumentType::QuyetDinh)
        );
        assert_eq!(DocumentType::from_abbreviation("UBND"), None);
    }
}
