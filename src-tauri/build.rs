use std::path::Path;

fn main() {
    // `tauri::generate_context!` embeds ../ui/dist and refuses to compile without it. A fresh
    // checkout has no built UI, yet `cargo clippy/test --workspace` must still build this crate,
    // so a placeholder page stands in until `npm run build` (scripts/run-app.sh) replaces it.
    let dist = Path::new("../ui/dist");
    let index = dist.join("index.html");
    if !index.exists() {
        std::fs::create_dir_all(dist).expect("create ui/dist");
        std::fs::write(
            &index,
            "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>VanThu</title>\
             <p style=\"font-family:sans-serif;padding:2em\">Giao diện chưa được dựng. \
             Chạy <code>scripts/run-app.sh</code> để dựng và mở ứng dụng.</p></html>\n",
        )
        .expect("write the placeholder ui/dist/index.html");
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build()
}
