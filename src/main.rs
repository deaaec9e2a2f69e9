//! The `glossalign` binary: parse arguments, run a command, exit with its status.

mod cli;

fn main() {
    std::process::exit(cli::main());
}

/// mimalloc, without transparent huge pages: a scan makes and frees half a
/// dozen small strings per mention, and glibc's allocator spent 11-12 % of
/// a run merging and splitting its free lists (`unlink_chunk`,
/// `malloc_consolidate`). Huge pages would make the scan faster still
/// (fewer TLB misses in the token and fuzzy tables) but can stall loading
/// for seconds while the kernel compacts memory to make them, so they stay
/// off (docs/performance.md, item 63). Only the binary chooses: the
/// library leaves the allocator to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
