//! `glossalign config`: print the configuration in effect, as TOML, each
//! value followed by where it came from.

use clap::Args;

use crate::cli::config_args::ConfigArgs;
use crate::cli::{report_error, EXIT_ERROR, EXIT_OK};

#[derive(Args, Debug)]
pub struct ConfigCmdArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
}

pub fn run(a: &ConfigCmdArgs) -> i32 {
    match a.config.settings() {
        Ok(s) => {
            #[allow(clippy::print_stdout)]
            {
                print!("{}", s.to_toml());
            }
            EXIT_OK
        }
        Err(e) => {
            report_error(&e);
            EXIT_ERROR
        }
    }
}
