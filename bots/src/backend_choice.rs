//! Which IM service a bot file asks for: its `[backend]` section (`kind = "local"`, the
//! default when there is no section, or `kind = "tencent"`).

use timbot::backend::tencent::TencentConfig;
use timbot::core::{Error, Result};

/// The backend a bot file names.
#[derive(Debug, Clone)]
pub enum BackendChoice {
    /// The embedded IM engine, in process.
    Local,
    /// Tencent Cloud IM, with its validated configuration.
    Tencent(Box<TencentConfig>),
}

/// Read the `[backend]` section (`None` when the file has none).
pub fn choose(section: Option<&toml::Value>) -> Result<BackendChoice> {
    let Some(section) = section else {
        return Ok(BackendChoice::Local);
    };
    let kind = section
        .get("kind")
        .and_then(toml::Value::as_str)
        .unwrap_or("");
    match kind {
        "local" => Ok(BackendChoice::Local),
        "tencent" => Ok(BackendChoice::Tencent(Box::new(
            TencentConfig::from_backend_section(section)?,
        ))),
        other => Err(Error::invalid(
            "[backend]",
            format!("kind must be \"local\" or \"tencent\", found {other:?}"),
        )),
    }
}
