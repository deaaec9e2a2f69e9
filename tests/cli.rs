//! CLI tests as data: every `tests/cmd/*.toml` is one run of the binary with
//! its arguments, standard input, expected standard output and error
//! (`NAME.stdout`, `NAME.stderr`) and exit status, in the folder `fs.cwd`
//! (`tests/cmd/project` or `tests/cmd/configured`). Regenerate expectations
//! with `TRYCMD=overwrite cargo test --test cli` and review the diff.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
