//! Marks on a document (NĐ 30 §5): urgency (độ khẩn) and secrecy (độ mật).

use crate::CoreError;
use crate::text::fold;
use serde::{Deserialize, Serialize};

/// Urgency. Urgent documents are registered and passed on at once; default deadlines are
/// shorter (see the calendar's deadline rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    #[default]
    Normal,
    Khan,
    ThuongKhan,
    HoaToc,
}

impl Urgency {
    /// The mark as printed, or "Thường" for an unmarked document.
    pub fn label_vi(self) -> &'static str {
        match self {
            Urgency::Normal => "Thường",
            Urgency::Khan => "Khẩn",
            Urgency::ThuongKhan => "Thượng khẩn",
            Urgency::HoaToc => "Hỏa tốc",
        }
    }

    /// The stable code, as serialised.
    pub fn code(self) -> &'static str {
        match self {
            Urgency::Normal => "normal",
            Urgency::Khan => "khan",
            Urgency::ThuongKhan => "thuong_khan",
            Urgency::HoaToc => "hoa_toc",
        }
    }

    /// Parses "Khẩn", "THƯỢNG KHẨN", "hoa toc", codes, or empty for normal.
    pub fn parse(input: &str) -> Result<Urgency, CoreError> {
        match fold(input).replace('_', " ").as_str() {
            "" | "thuong" | "normal" | "binh thuong" => Ok(Urgency::Normal),
            "khan" => Ok(Urgency::Khan),
            "thuong khan" => Ok(Urgency::ThuongKhan),
            "hoa toc" => Ok(Urgency::HoaToc),
            _ => Err(CoreError::InvalidField {
                field: "độ khẩn",
                reason: format!(
                    "\"{}\" không phải độ khẩn (Thường, Khẩn, Thượng khẩn, Hỏa tốc)",
                    input.trim()
                ),
            }),
        }
    }
}

/// Secrecy. Anything but `None` is refused by [`ensure_not_secret`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Secrecy {
    #[default]
    None,
    Mat,
    ToiMat,
    TuyetMat,
}

impl Secrecy {
    /// Parses "Mật", "TỐI MẬT", "tuyet mat", or empty / "Không" for none.
    pub fn parse(input: &str) -> Result<Secrecy, CoreError> {
        match fold(input).replace('_', " ").as_str() {
            "" | "khong" | "none" | "thuong" => Ok(Secrecy::None),
            "mat" => Ok(Secrecy::Mat),
            "toi mat" => Ok(Secrecy::ToiMat),
            "tuyet mat" => Ok(Secrecy::TuyetMat),
            _ => Err(CoreError::InvalidField {
                field: "độ mật",
                reason: format!("\"{}\" không phải độ mật hợp lệ", input.trim()),
            }),
        }
    }

    /// The mark as printed.
    pub fn label_vi(self) -> &'static str {
        match self {
            Secrecy::None => "Không",
            Secrecy::Mat => "Mật",
            Secrecy::ToiMat => "Tối mật",
            Secrecy::TuyetMat => "Tuyệt mật",
        }
    }
}

/// Refuses state-secret documents: by law they are handled on paper, off networked machines.
/// Called before anything is written so that a refused document leaves no trace.
pub fn ensure_not_secret(secrecy: Secrecy) -> Result<(), CoreError> {
    match secrecy {
        Secrecy::None => Ok(()),
        other => Err(CoreError::SecretRefused(other.label_vi().to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_marks_are_refused_in_vietnamese() {
        for s in ["Mật", "TỐI MẬT", "tuyet mat"] {
            let e = ensure_not_secret(Secrecy::parse(s).unwrap()).unwrap_err();
            assert_eq!(e.code(), "secret_refused");
            assert!(e.to_string().contains("bí mật nhà nước"));
        }
        assert!(ensure_not_secret(Secrecy::parse("").unwrap()).is_ok());
    }

    #[test]
    fn urgency_parses_with_and_without_diacritics() {
        assert_eq!(Urgency::parse("HỎA TỐC").unwrap(), Urgency::HoaToc);
        assert_eq!(Urgency::parse("thuong khan").unwrap(), Urgency::ThuongKhan);
        assert_eq!(Urgency::parse("").unwrap(), Urgency::Normal);
        assert!(Urgency::parse("gấp lắm").is_err());
    }
}
