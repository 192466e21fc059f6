//! cargo-leptos reads Cargo.toml's `[package.metadata.leptos]`; the server reads
//! Leptos.toml. The values both name must agree, or the server looks for assets where the
//! build did not put them.

fn leptos_section(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(path).expect(path);
    let doc: toml::Table = text.parse().expect("valid TOML");
    doc["package"]["metadata"]["leptos"]
        .as_table()
        .expect("[package.metadata.leptos]")
        .clone()
}

#[test]
fn leptos_toml_and_cargo_metadata_agree() {
    let build = leptos_section("Cargo.toml");
    let run = leptos_section("Leptos.toml");
    for key in [
        "output-name",
        "site-root",
        "site-pkg-dir",
        "site-addr",
        "reload-port",
        "hash-files",
    ] {
        let b = build
            .get(key)
            .unwrap_or_else(|| panic!("Cargo.toml lacks {key}"));
        let r = run
            .get(key)
            .unwrap_or_else(|| panic!("Leptos.toml lacks {key}"));
        assert_eq!(b, r, "{key} differs between Cargo.toml and Leptos.toml");
    }
}

#[test]
fn the_server_reads_leptos_toml() {
    let options = quire::config::leptos_options("Leptos.toml").unwrap();
    assert_eq!(&*options.output_name, "quire");
    assert_eq!(&*options.site_pkg_dir, "pkg");
    assert!(options.hash_files);
}
