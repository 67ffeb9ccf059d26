//! `vanthu setup` and `vanthu unit`.

use super::Env;
use crate::cli::SetupArgs;
use crate::output::{print_json, table};
use vanthu_local::unit::{UnitInput, UnitProfile, get_unit, setup_unit};

pub fn setup(env: &mut Env, a: SetupArgs) -> anyhow::Result<()> {
    let input = UnitInput {
        name: a.name,
        superior: a.superior,
        abbreviation: a.abbreviation,
        place_name: a.place,
        numbering_style: a.style,
        commune_code: a.commune_code,
        leaders: a.leaders,
    };
    let profile = env.write(|tx, ctx, _| setup_unit(tx, ctx, &input))?;
    if a.json {
        return print_json(&profile);
    }
    println!("Đã lưu thông tin đơn vị.");
    print_profile(&profile);
    Ok(())
}

pub fn show(env: &Env, json: bool) -> anyhow::Result<()> {
    let profile = get_unit(env.store.conn())?;
    if json {
        return print_json(&profile);
    }
    match profile {
        Some(p) => print_profile(&p),
        None => println!("Đơn vị chưa được thiết lập (dùng: vanthu setup)."),
    }
    Ok(())
}

fn print_profile(p: &UnitProfile) {
    let mut t = table(&["Thông tin", "Giá trị"]);
    t.add_row(vec!["Tên đơn vị", &p.name]);
    t.add_row(vec!["Cơ quan cấp trên", &p.superior]);
    t.add_row(vec!["Ký hiệu viết tắt", &p.abbreviation]);
    t.add_row(vec!["Địa danh", &p.place_name]);
    t.add_row(vec!["Kiểu ghi số, ký hiệu", p.numbering_style.label_vi()]);
    t.add_row(vec!["Mã xã", p.commune_code.as_deref().unwrap_or("")]);
    let leaders: Vec<String> = p
        .leaders
        .iter()
        .map(|l| format!("{} — {}", l.name, l.title))
        .collect();
    t.add_row(vec!["Lãnh đạo".to_string(), leaders.join("\n")]);
    println!("{t}");
}
