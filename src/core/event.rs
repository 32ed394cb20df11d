//! Events a logged-in account receives, and the stream that carries them.
//!
//! A backend pushes [`Event`]s into an [`EventSender`]; the account's owner reads them from the
//! matching [`EventStream`]. The channel never blocks the backend (an IM service must not wait
//! on one slow reader); backpressure is applied one level up, by the runtime's dispatcher, whose
//! queues are bounded. Messages are shared (`Arc`) so that a group message fanned out to many
//! members is not copied per member.

use std::sync::{Arc, Mutex};

use tokio::sync::oneshot;

use super::types::{
    Conversation, Elem, GroupReportElem, GroupTipsElem, Message, SignalingActionType,
};

mod channel;

pub use channel::{event_channel, EventSender, EventStream};

/// Something that happened to a logged-in account.
///
/// Every event is copied into each receiving session's channel, so the variants are kept
/// small: the rare large ones (a recall, a signaling change) are boxed, which makes an event
/// 40 bytes instead of 168.
#[derive(Debug, Clone)]
pub enum Event {
    /// A new message arrived (C2C, group, or one of the account's own from another session).
    NewMessage(Arc<Message>),
    /// A message was recalled.
    MessageRevoked(Box<RevokedMessage>),
    /// The peer of a C2C conversation read the account's messages up to a time.
    ReadReceipt(ReadReceipt),
    /// A message's content was modified after it was sent.
    MessageModified(Arc<Message>),
    /// A group tip (join, quit, kick, admin change, info change …) for a group the account is in.
    GroupTips(Arc<GroupTipsElem>),
    /// A group system notice addressed to this account (join request, kicked, dismissed …).
    GroupSystemNotice(Arc<GroupReportElem>),
    /// A signaling (call) invitation changed state.
    Signaling(Box<SignalingEvent>),
    /// Conversations were added or changed (unread count, last message, @ info).
    ConversationsChanged(Vec<Conversation>),
    /// The connection to the IM service changed state.
    NetworkStatus(NetworkStatus),
    /// The same account logged in elsewhere on the same platform; this session is over.
    KickedOffline,
    /// The session's UserSig expired; log in again with a fresh one.
    UserSigExpired,
    /// The service asks, before delivering a message, what to do with it (Tencent Cloud's
    /// before-send callbacks). Answer through [`BeforeSend::respond`].
    BeforeSend(BeforeSend),
}

/// A recalled message.
#[derive(Debug, Clone, PartialEq)]
pub struct RevokedMessage {
    /// Conversation type of the recalled message.
    pub conv_type: super::types::ConvType,
    /// Conversation id (peer user id or group id) of the recalled message.
    pub conv_id: String,
    /// Id of the recalled message.
    pub msg_id: String,
    /// Who recalled it.
    pub revoker: String,
}

/// A C2C read receipt: `reader` has read the conversation up to `time` (Unix seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReceipt {
    /// The user who read the messages (the C2C peer).
    pub reader: String,
    /// Unix seconds up to which the messages are read.
    pub time: i64,
}

/// A signaling (call invitation) event, as the inviter or an invitee sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SignalingEvent {
    /// What happened: invited, cancelled, accepted, rejected or timed out.
    pub action: SignalingActionType,
    /// The invitation's id.
    pub invite_id: String,
    /// The group the invitation is in, empty for a one-to-one invitation.
    pub group_id: String,
    /// Who sent the invitation.
    pub inviter: String,
    /// Who was invited.
    pub invitees: Vec<String>,
    /// Who caused this event (the inviter for invite/cancel, an invitee for accept/reject;
    /// empty for a timeout).
    pub actor: String,
    /// The custom data attached by the actor.
    pub data: String,
    /// The invitation's timeout in seconds (0 = never).
    pub timeout_secs: u32,
}

/// Connection state of a session (`TIMNetworkStatus`, MGR L36).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkStatus {
    /// Connected (`kTIMConnected` = 0).
    Connected,
    /// Disconnected (`kTIMDisconnected` = 1).
    Disconnected,
    /// Connecting (`kTIMConnecting` = 2).
    Connecting,
    /// Connection failed (`kTIMConnectFailed` = 3).
    ConnectFailed,
}

/// What to do with a message the service asks about before delivering it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Verdict {
    /// Deliver it as it is.
    #[default]
    Allow,
    /// Refuse it; the sender is told it failed.
    Block,
    /// Drop it silently; the sender believes it was sent.
    DropSilently,
    /// Deliver these elements instead of the original ones.
    Rewrite(Vec<Elem>),
}

/// A before-send question: the message and a one-shot way to answer it.
#[derive(Debug, Clone)]
pub struct BeforeSend {
    /// The message about to be delivered.
    pub message: Arc<Message>,
    responder: Arc<Mutex<Option<oneshot::Sender<Verdict>>>>,
}

impl BeforeSend {
    /// A question about `message`, and the receiver on which the verdict arrives.
    pub fn new(message: Arc<Message>) -> (Self, oneshot::Receiver<Verdict>) {
        let (tx, rx) = oneshot::channel();
        let question = BeforeSend {
            message,
            responder: Arc::new(Mutex::new(Some(tx))),
        };
        (question, rx)
    }

    /// Answer the question. Only the first answer counts; later ones return `false`.
    pub fn respond(&self, verdict: Verdict) -> bool {
        let sender = match self.responder.lock() {
            Ok(mut slot) => slot.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        sender.is_some_and(|tx| tx.send(verdict).is_ok())
    }
}
