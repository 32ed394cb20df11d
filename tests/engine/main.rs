//! Tests of the embedded IM engine (`timbot::backend::local`): every rule it enforces, each
//! asserting the documented error code, with paused tokio time for windows and timeouts.

mod accounts;
mod conversations;
mod friends;
mod group_matrix;
mod groups;
mod kit;
mod limits;
mod messages;
mod signaling;
