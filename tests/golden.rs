//! Golden reports for the seeds, compared byte for byte.
//!
//! Regenerate after an intended change, then review the diff:
//! `GLOSSALIGN_BLESS=1 cargo test --test golden`

mod common;
use common::{bin, root};

#[test]
fn seeds_consistency_report_matches_golden() {
    let out = tempfile::tempdir().unwrap();
    let st = std::process::Command::new(bin())
        .current_dir(root())
        .args(["scan", "--quiet", "--out"])
        .arg(out.path())
        .status()
        .unwrap();
    assert!(st.success());
    for name in ["consistency.md", "canonical_names.csv"] {
        let got = std::fs::read_to_string(out.path().join(name)).unwrap();
        let golden = root().join("tests/golden").join(name);
        if std::env::var_os("GLOSSALIGN_BLESS").is_some() {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        assert!(
            got == want,
            "{name} differs from {} — review and regenerate with GLOSSALIGN_BLESS=1 cargo test --test golden",
            golden.display()
        );
    }
}
