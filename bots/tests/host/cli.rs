//! The `timbot` binary itself: `usersig` prints a UserSig that verifies, `check` exits with
//! an error code and `file:line:` lines, `run` answers a piped question and stops when stdin
//! closes, and every subcommand has `--help`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use timbot::core::usersig::UserSigSigner;

fn timbot(args: &[&str], stdin: &str) -> Output {
    timbot_with_env(args, stdin, &[])
}

fn timbot_with_env(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_timbot"))
        .args(args)
        .env_remove("TIMBOT_SECRET_KEY")
        .envs(env.iter().copied())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the timbot binary runs");
    let mut input = child.stdin.take().expect("stdin");
    input.write_all(stdin.as_bytes()).expect("write stdin");
    drop(input);
    child.wait_with_output().expect("timbot ends")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn usersig_prints_a_usersig_that_verifies() {
    let out = timbot(
        &[
            "usersig",
            "--app-id",
            "1400000000",
            "--key",
            "s3cret",
            "--user",
            "alice",
            "--expire",
            "3600",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sig = text(&out.stdout).trim().to_owned();
    let signer = UserSigSigner::new(1_400_000_000, "s3cret");
    let verified = signer.verify("alice", &sig).expect("the UserSig verifies");
    assert_eq!(verified.sdk_app_id, 1_400_000_000);
    assert_eq!(verified.expire_secs, 3600);
    assert!(signer.verify("bob", &sig).is_err());
    assert!(UserSigSigner::new(1_400_000_000, "other")
        .verify("alice", &sig)
        .is_err());
}

#[test]
fn usersig_takes_the_key_from_the_environment_and_never_prints_it() {
    let args = ["usersig", "--app-id", "1400000000", "--user", "alice"];
    let out = timbot_with_env(&args, "", &[("TIMBOT_SECRET_KEY", "s3cret")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let sig = text(&out.stdout).trim().to_owned();
    assert!(UserSigSigner::new(1_400_000_000, "s3cret")
        .verify("alice", &sig)
        .is_ok());

    let missing = timbot(&args, "");
    assert_eq!(
        missing.status.code(),
        Some(2),
        "a usage error without a key"
    );
    assert!(text(&missing.stderr).contains("--key"));

    let help = timbot_with_env(
        &["usersig", "--help"],
        "",
        &[("TIMBOT_SECRET_KEY", "s3cret")],
    );
    let help = text(&help.stdout);
    assert!(help.contains("TIMBOT_SECRET_KEY"), "{help}");
    assert!(
        !help.contains("s3cret"),
        "the key's value is hidden: {help}"
    );
}

#[test]
fn check_exits_with_an_error_code_and_one_line_per_problem() {
    let good = timbot(&["check", "support.toml"], "");
    assert!(good.status.success(), "{}", text(&good.stderr));
    assert_eq!(text(&good.stdout), "support.toml: ok\n");

    let path = std::env::temp_dir().join(format!("timbot-check-{}.toml", std::process::id()));
    std::fs::write(
        &path,
        "[bot]\nname = \"s\"\nuser_id = \"s_bot\"\n[plugins.weather]\n",
    )
    .expect("a temporary bot file");
    let bad = timbot(&["check", path.to_str().expect("a UTF-8 path")], "");
    std::fs::remove_file(&path).ok();
    assert_eq!(bad.status.code(), Some(1));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.starts_with(&format!(
            "{}:4: [plugins.weather]: unknown plugin",
            path.display()
        )),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 error(s)\n"), "{stderr}");
}

#[test]
fn run_answers_a_piped_question_and_stops_when_stdin_closes() {
    let out = timbot(&["run", "support.toml"], "how do I reset my password?\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "[c2c → alice] support_bot: Open the app, tap Settings → Account → Reset password"
        ),
        "{stdout}"
    );
}

#[test]
fn every_subcommand_has_help() {
    for (command, mentions) in [
        ("run", "stdin"),
        ("check", "file:line"),
        ("usersig", "--app-id"),
    ] {
        let out = timbot(&[command, "--help"], "");
        assert!(out.status.success());
        assert!(
            text(&out.stdout).contains(mentions),
            "{command}: {}",
            text(&out.stdout)
        );
    }
}

#[test]
fn run_on_tencent_cloud_stops_with_an_error_when_a_bot_cannot_log_in() {
    // A local address where nothing listens stands in for an unreachable REST API.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let rest = closed.local_addr().expect("its address");
    drop(closed);
    let file = format!(
        "[bot]\nname = \"s\"\nuser_id = \"s_bot\"\n\n[backend]\nkind = \"tencent\"\n\
         region = \"singapore\"\nbase_url = \"http://{rest}\"\nsdk_app_id = 1400000000\n\
         admin = \"administrator\"\nsecret_key = \"k\"\nlisten = \"127.0.0.1:0\"\n\
         max_retries = 0\n"
    );
    let path = std::env::temp_dir().join(format!("timbot-tencent-{}.toml", std::process::id()));
    std::fs::write(&path, file).expect("a temporary bot file");
    let out = timbot(&["run", path.to_str().expect("a UTF-8 path")], "");
    std::fs::remove_file(&path).ok();
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("timbot: invalid bot: s did not start"),
        "{stderr}"
    );
}
