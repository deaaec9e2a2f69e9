//! The `glossalign` binary: parse arguments, run a command, exit with its status.

mod cli;

fn main() {
    std::process::exit(cli::main());
}
