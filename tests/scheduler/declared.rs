//! Jobs declared in a bot file's `[[jobs]]`.

use std::time::Duration;

use serde_json::json;
use timbot::core::Error;
use timbot::scheduler::{
    jobs_from_toml, parse_duration, JobAction, Misfire, MisfirePolicy, RetryPolicy, Trigger,
};

use crate::utc;

#[test]
fn a_bot_file_declares_cron_interval_and_one_shot_jobs() {
    let jobs = jobs_from_toml(
        r#"
        name = "support"   # other keys of the bot file are not ours

        [[jobs]]
        id = "morning"
        cron = "0 0 9 * * Mon-Fri"
        zone = "Asia/Shanghai"
        misfire = "fire_each"
        max_missed = 3
        grace = "2m"
        retries = 5
        retry_backoff = "30s"
        handler = "announce"
        payload = { group = "@TGS#1", text = "Good morning" }

        [[jobs]]
        id = "heartbeat"
        every = "1h30m"
        start = 2026-01-01T00:00:00Z
        handler = "ping"

        [[jobs]]
        id = "party"
        at = "2026-12-24 18:00"
        zone = "Asia/Shanghai"
        misfire = "fire_once"
        handler = "announce"
        "#,
    )
    .unwrap();
    assert_eq!(jobs.len(), 3);
    let morning = &jobs[0];
    assert_eq!(
        morning.trigger,
        Trigger::cron("0 0 9 * * Mon-Fri", "Asia/Shanghai").unwrap()
    );
    assert_eq!(
        morning.misfire,
        Misfire {
            policy: MisfirePolicy::FireEach { max: 3 },
            grace: Duration::from_secs(120),
        }
    );
    assert_eq!(
        morning.retry,
        RetryPolicy {
            retries: 5,
            backoff: Duration::from_secs(30),
        }
    );
    assert_eq!(
        morning.action,
        JobAction::callback(
            "announce",
            json!({ "group": "@TGS#1", "text": "Good morning" })
        )
    );
    assert_eq!(
        jobs[1].trigger,
        Trigger::every_from(Duration::from_secs(5400), utc("2026-01-01T00:00:00Z")).unwrap()
    );
    assert_eq!(jobs[1].misfire, Misfire::default());
    assert_eq!(jobs[2].trigger, Trigger::at(utc("2026-12-24T10:00:00Z")));
    assert_eq!(jobs[2].misfire.policy, MisfirePolicy::FireOnce);
}

fn error_of(toml: &str) -> String {
    match jobs_from_toml(toml) {
        Err(error @ Error::Invalid { .. }) => error.to_string(),
        other => panic!("expected an invalid-job error, got {other:?}"),
    }
}

#[test]
fn bad_declarations_get_errors_naming_the_job_and_the_problem() {
    let bad_cron = error_of("[[jobs]]\nid = \"a\"\ncron = \"0 61 * * * *\"\nhandler = \"h\"");
    assert!(
        bad_cron.contains("job \"a\"") && bad_cron.contains("cron expression"),
        "{bad_cron}"
    );
    assert!(bad_cron.contains("0 61 * * * *"), "{bad_cron}");

    let bad_zone = error_of(
        "[[jobs]]\nid = \"b\"\ncron = \"0 0 9 * * *\"\nzone = \"Mars/Olympus\"\nhandler = \"h\"",
    );
    assert!(
        bad_zone.contains("job \"b\"") && bad_zone.contains("Mars/Olympus"),
        "{bad_zone}"
    );

    let two =
        error_of("[[jobs]]\nid = \"c\"\ncron = \"0 0 9 * * *\"\nevery = \"1m\"\nhandler = \"h\"");
    assert!(two.contains("exactly one of"), "{two}");

    let policy =
        error_of("[[jobs]]\nid = \"d\"\nevery = \"1m\"\nmisfire = \"later\"\nhandler = \"h\"");
    assert!(policy.contains("\"later\""), "{policy}");

    let skipped = error_of(
        "[[jobs]]\nid = \"e\"\nat = \"2026-03-29 02:30\"\nzone = \"Europe/Berlin\"\nhandler = \"h\"",
    );
    assert!(skipped.contains("does not exist"), "{skipped}");

    let unknown = error_of("[[jobs]]\nid = \"f\"\nevery = \"1m\"\nhandler = \"h\"\ncolour = 1");
    assert!(unknown.contains("colour"), "{unknown}");

    let zero = error_of("[[jobs]]\nid = \"g\"\nevery = \"0s\"\nhandler = \"h\"");
    assert!(zero.contains("interval"), "{zero}");
}

#[test]
fn durations_read_units_and_reject_the_rest() {
    assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
    assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
    assert_eq!(parse_duration("2d").unwrap(), Duration::from_secs(172_800));
    for bad in ["", "10", "m", "5 minutes", "-1s", "1y"] {
        assert!(
            matches!(parse_duration(bad), Err(Error::Invalid { .. })),
            "{bad:?} should be refused"
        );
    }
}
