//! The `policy-widget-server` binary: parse the flags, set up logging, run the server.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use policy_widget_server::Config;
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let config = Config::from_env();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("policy-widget-server: cannot start the runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(policy_widget_server::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "policy-widget-server failed");
            eprintln!("policy-widget-server: {error}");
            if error.downcast_ref::<policy_widget_server::server::BootstrapRefused>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
