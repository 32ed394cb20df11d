//! `timbot`: the host binary. `run` runs the bots a bot file defines, `check` validates a bot
//! file, `usersig` prints a UserSig.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use timbot::core::usersig::{UserSigSigner, DEFAULT_EXPIRE_SECS};
use timbot_host::{check, logging, run};

/// Bots for Tencent Cloud IM.
#[derive(Debug, Parser)]
#[command(name = "timbot", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Commands,
}

#[derive(Debug, Subcommand)]
enum Commands {
    /// Run the bots a bot file defines (on the embedded engine unless the file names a backend).
    ///
    /// On the embedded engine, type in the terminal to chat with the bots (`/as <user>`,
    /// `/c2c <user>`, `/group <id>`, `/call`); they run until Ctrl-C or until stdin closes.
    /// On Tencent Cloud they run until Ctrl-C or SIGTERM.
    Run {
        /// The bot file, e.g. bots/support.toml.
        file: PathBuf,
        /// On the embedded engine, do not read stdin: run until Ctrl-C or SIGTERM.
        #[arg(long)]
        no_chat: bool,
    },
    /// Check a bot file and report every error as `file:line: problem` (exit code 1 if any).
    Check {
        /// The bot file.
        file: PathBuf,
    },
    /// Print a UserSig (TLSSigAPIv2) for an account, made with the app's secret key.
    Usersig {
        /// The app's SDKAppID.
        #[arg(long)]
        app_id: u64,
        /// The app's secret key (console → Basic Configuration). Prefer the environment
        /// variable: a command line is visible to every user of the machine.
        #[arg(long, env = "TIMBOT_SECRET_KEY", hide_env_values = true)]
        key: String,
        /// The account.
        #[arg(long)]
        user: String,
        /// Validity in seconds.
        #[arg(long, default_value_t = DEFAULT_EXPIRE_SECS)]
        expire: u64,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Commands::Run { file, no_chat } => {
            logging::init();
            let runtime = match tokio::runtime::Runtime::new() {
                Ok(runtime) => runtime,
                Err(error) => return fail(&error),
            };
            let result = runtime.block_on(run::run(&file, run::RunOptions { chat: !no_chat }));
            // The terminal reader may still block on stdin: do not wait for it.
            runtime.shutdown_background();
            match result {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => fail(&error),
            }
        }
        Commands::Check { file } => {
            let errors = check::check_file(&file);
            if errors.is_empty() {
                println!("{}: ok", file.display());
                return ExitCode::SUCCESS;
            }
            for error in &errors {
                eprintln!("{error}");
            }
            eprintln!("{} error(s)", errors.len());
            ExitCode::FAILURE
        }
        Commands::Usersig {
            app_id,
            key,
            user,
            expire,
        } => match UserSigSigner::new(app_id, key).generate(&user, expire) {
            Ok(sig) => {
                println!("{sig}");
                ExitCode::SUCCESS
            }
            Err(error) => fail(&error),
        },
    }
}

fn fail(error: &dyn std::fmt::Display) -> ExitCode {
    eprintln!("timbot: {error}");
    ExitCode::FAILURE
}
