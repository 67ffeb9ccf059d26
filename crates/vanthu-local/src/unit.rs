//! The unit's own profile: who issues documents, under whom, and how it writes its symbols.

use crate::outbox::{self, Op};
use crate::{Context, LocalError, Result};
use rusqlite::{OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};
use vanthu_core::CoreError;
use vanthu_core::symbol::NumberingStyle;
use vanthu_core::text::{optional_line, required_line};

/// A leader whose name and title appear in signature blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leader {
    pub name: String,
    /// E.g. "Chủ tịch", "Phó Chủ tịch", "Bí thư".
    pub title: String,
}

/// The stored profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitProfile {
    pub unit_id: String,
    /// E.g. "Ủy ban nhân dân xã Tân Cương".
    pub name: String,
    /// Superior agency, printed above the unit name, e.g. "Ủy ban nhân dân tỉnh Thái Nguyên".
    pub superior: String,
    /// Used in symbols: `UBND`, `ĐU`, `MTTQ`, `HND`.
    pub abbreviation: String,
    /// Place name of the date line: "Tân Cương, ngày … tháng … năm …".
    pub place_name: String,
    pub numbering_style: NumberingStyle,
    pub commune_code: Option<String>,
    pub leaders: Vec<Leader>,
}

/// What the user types in setup (raw, validated here).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UnitInput {
    pub name: String,
    pub superior: String,
    pub abbreviation: String,
    pub place_name: String,
    pub numbering_style: String,
    pub commune_code: Option<String>,
    /// Each as "Họ tên|Chức vụ".
    pub leaders: Vec<String>,
}

/// Creates or updates the unit's profile. The unit id is kept across updates.
pub fn setup_unit(
    tx: &Transaction<'_>,
    ctx: &Context<'_>,
    input: &UnitInput,
) -> Result<UnitProfile> {
    crate::accounts::require(tx, ctx, vanthu_core::authz::Permission::ManageSettings)?;
    let abbreviation = required_line("ký hiệu viết tắt của đơn vị", &input.abbreviation)?;
    if abbreviation.contains(['/', ' ']) {
        return Err(CoreError::InvalidField {
            field: "ký hiệu viết tắt của đơn vị",
            reason: "không được chứa dấu \"/\" hoặc khoảng trắng (ví dụ: UBND, ĐU, MTTQ)".into(),
        }
        .into());
    }
    let leaders = input
        .leaders
        .iter()
        .map(|l| parse_leader(l))
        .collect::<Result<Vec<_>, _>>()?;
    let existing = get_unit(tx)?;
    let profile = UnitProfile {
        unit_id: existing.map(|u| u.unit_id).unwrap_or_else(|| ctx.new_id()),
        name: required_line("tên đơn vị", &input.name)?,
        superior: required_line("cơ quan cấp trên", &input.superior)?,
        abbreviation,
        place_name: required_line("địa danh", &input.place_name)?,
        numbering_style: NumberingStyle::parse(&input.numbering_style)?,
        commune_code: optional_line("mã xã", input.commune_code.as_deref())?,
        leaders,
    };
    crate::store::exec(
        tx,
        "INSERT INTO unit_profile (id, unit_id, name, superior, abbreviation, place_name,
             numbering_style, commune_code, leaders_json, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET name = ?2, superior = ?3, abbreviation = ?4,
             place_name = ?5, numbering_style = ?6, commune_code = ?7, leaders_json = ?8,
             updated_at = ?9",
        rusqlite::params![
            profile.unit_id,
            profile.name,
            profile.superior,
            profile.abbreviation,
            profile.place_name,
            style_code(profile.numbering_style),
            profile.commune_code,
            serde_json::to_string(&profile.leaders)?,
            ctx.clock.now_ms(),
        ],
    )?;
    outbox::record(
        tx,
        ctx,
        "unit_profile",
        &profile.unit_id,
        Op::Upsert,
        &profile,
    )?;
    Ok(profile)
}

fn parse_leader(raw: &str) -> Result<Leader, CoreError> {
    let (name, title) = raw.split_once('|').ok_or_else(|| CoreError::InvalidField {
        field: "lãnh đạo",
        reason: format!("\"{raw}\" phải có dạng \"Họ tên|Chức vụ\""),
    })?;
    Ok(Leader {
        name: required_line("họ tên lãnh đạo", name)?,
        title: required_line("chức vụ lãnh đạo", title)?,
    })
}

fn style_code(style: NumberingStyle) -> &'static str {
    match style {
        NumberingStyle::State => "state",
        NumberingStyle::Party => "party",
    }
}

/// The profile, if the unit has been set up.
pub fn get_unit(conn: &rusqlite::Connection) -> Result<Option<UnitProfile>> {
    let row = conn
        .query_row(
            "SELECT unit_id, name, superior, abbreviation, place_name, numbering_style,
                    commune_code, leaders_json
             FROM unit_profile WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, String>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, String>(7)?,
                ))
            },
        )
        .optional()?;
    let Some((unit_id, name, superior, abbreviation, place_name, style, commune_code, leaders)) =
        row
    else {
        return Ok(None);
    };
    Ok(Some(UnitProfile {
        unit_id,
        name,
        superior,
        abbreviation,
        place_name,
        numbering_style: NumberingStyle::parse(&style)?,
        commune_code,
        leaders: serde_json::from_str(&leaders)?,
    }))
}

/// The profile, or [`LocalError::NotSetUp`].
pub fn require_unit(conn: &rusqlite::Connection) -> Result<UnitProfile> {
    get_unit(conn)?.ok_or(LocalError::NotSetUp)
}
