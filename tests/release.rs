//! Installing without Rust (issue 17): the release workflow, `cargo binstall`'s metadata,
//! the pre-commit hook's script and the Actions recipe must agree on what a release holds.
//! The hook's script is run against a release laid out on disk (curl reads `file://`), so
//! the download, the checksum check and the run are exercised without a network.

use std::path::Path;
use std::process::Command;

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The targets the release workflow builds, with their archive kind.
fn released_targets() -> Vec<(String, String)> {
    let workflow = repo_file(".github/workflows/release.yml");
    let out: Vec<(String, String)> = workflow
        .lines()
        .filter_map(|l| {
            let t = l
                .split("target: ")
                .nth(1)?
                .split(',')
                .next()?
                .trim()
                .to_string();
            let a = l
                .split("archive: ")
                .nth(1)?
                .trim_end_matches([' ', '}'])
                .to_string();
            Some((t, a))
        })
        .collect();
    assert!(out.len() >= 5, "{out:?}");
    out
}

#[test]
fn binstall_finds_every_released_archive() {
    let manifest: toml::Value = toml::from_str(&repo_file("Cargo.toml")).unwrap();
    let package = &manifest["package"];
    let repo = package["repository"].as_str().unwrap();
    let version = package["version"].as_str().unwrap();
    let binstall = &package["metadata"]["binstall"];
    for (target, archive) in released_targets() {
        let over = binstall.get("overrides").and_then(|o| o.get(&target));
        let field = |k: &str| {
            over.and_then(|o| o.get(k))
                .or_else(|| binstall.get(k))
                .and_then(|v| v.as_str())
                .unwrap()
                .to_string()
        };
        let suffix = if field("pkg-fmt") == "zip" {
            ".zip"
        } else {
            ".tar.gz"
        };
        assert_eq!(suffix, format!(".{archive}"), "{target}");
        let fill = |t: &str| {
            t.replace("{ repo }", repo)
                .replace("{ version }", version)
                .replace("{ name }", "boardcheck")
                .replace("{ target }", &target)
                .replace("{ archive-suffix }", suffix)
                .replace("{ bin }", "boardcheck")
                .replace(
                    "{ binary-ext }",
                    if target.contains("windows") {
                        ".exe"
                    } else {
                        ""
                    },
                )
        };
        assert_eq!(
            fill(&field("pkg-url")),
            format!("{repo}/releases/download/v{version}/boardcheck-{target}.{archive}")
        );
        let exe = if target.contains("windows") {
            ".exe"
        } else {
            ""
        };
        assert_eq!(
            fill(&field("bin-dir")),
            format!("boardcheck-{target}/boardcheck{exe}")
        );
        // The hook's script knows the target too.
        assert!(repo_file("scripts/boardcheck-release").contains(&format!("target={target};")));
    }
    // What the action and the hook run is the script.
    assert!(repo_file("action.yml").contains("scripts/boardcheck-release"));
    assert!(repo_file(".pre-commit-hooks.yaml").contains("entry: scripts/boardcheck-release check"));
}

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
#[test]
fn the_hook_script_runs_a_release_it_has_checked() {
    let version = env!("CARGO_PKG_VERSION");
    let target = "x86_64-unknown-linux-musl";
    let releases = tempfile::tempdir().unwrap();
    let dir = releases.path().join(format!("v{version}"));
    let name = format!("boardcheck-{target}");
    std::fs::create_dir_all(dir.join(&name)).unwrap();
    std::fs::copy(
        env!("CARGO_BIN_EXE_boardcheck"),
        dir.join(&name).join("boardcheck"),
    )
    .unwrap();
    let archive = format!("{name}.tar.gz");
    let sh = |script: &str| {
        let o = Command::new("sh")
            .arg("-c")
            .arg(script)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    sh(&format!(
        "tar czf {archive} {name} && sha256sum {archive} > {archive}.sha256 && rm -r {name}"
    ));

    let run = |cache: &Path| {
        Command::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/boardcheck-release"))
            .args([
                "check",
                "--format",
                "concise",
                "boards/rotherham/resp-2018-proposal-10.toml",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("XDG_CACHE_HOME", cache)
            .env(
                "BOARDCHECK_RELEASES",
                format!("file://{}", releases.path().display()),
            )
            .output()
            .unwrap()
    };
    let cache = tempfile::tempdir().unwrap();
    let o = run(cache.path());
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("error[share-above-maximum]"));
    assert!(cache
        .path()
        .join("boardcheck")
        .join(version)
        .join(&name)
        .join("boardcheck")
        .exists());

    // A release whose archive does not match its checksum is never run.
    sh(&format!("echo tampered >> {archive}"));
    let fresh = tempfile::tempdir().unwrap();
    let o = run(fresh.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not match its published checksum"));
    assert!(!fresh
        .path()
        .join("boardcheck")
        .join(version)
        .join(&name)
        .exists());
}
