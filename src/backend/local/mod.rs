//! The embedded IM engine: timbot's default IM service, in process, with no account and no
//! network. Bots and simulated people log in to it through the client core exactly as they
//! would log in to Tencent Cloud IM, and it enforces what the documents say the real service
//! enforces, so that a bot that works here works there.
//!
//! # Using it
//!
//! - [`LocalEngine::new`] / [`LocalEngine::default`] (the demo app [`DEMO_SDK_APP_ID`] with
//!   [`DEMO_SECRET`]); [`EngineConfig`] carries the console switches (recall window, blocklist
//!   check, relationship check, blocked words, group send rate, start time).
//! - [`LocalEngine::backend`] gives the `Arc<dyn Backend>` a [`crate::core::Client`] runs on;
//!   [`LocalEngine::user_sig`] a valid UserSig; [`LocalEngine::create_user`],
//!   [`LocalEngine::admin_create_group`] and [`LocalEngine::admin_add_members`] do what the app
//!   admin does through the REST API.
//! - Time is tokio's clock: under `#[tokio::test(start_paused = true)]`, advancing time moves
//!   recall windows, mutes, signaling timeouts and UserSig expiry.
//!
//! # How it is built
//!
//! One `std::sync::Mutex` guards the state; no lock is held across an `.await` (every operation
//! is synchronous inside). Events go out through unbounded channels, so a slow reader never
//! blocks the engine. A group message is one `Arc<Message>` shared by every recipient and goes
//! to the group's online sessions only (each group keeps their event senders in one array as
//! sessions come and go and members join and leave); sending it writes nothing per member
//! (unread counts and @ information are computed when the conversation list is read, offline
//! members catch up from the stored messages at login). Files: `accounts` (login, kick, expiry,
//! catch-up), `messages`, `conversations`, `groups` (records, create, read), `online` (a group's
//! online sessions), `membership` (join, quit, invite, kick,
//! dismiss), `group_changes` (profile, roles, mutes) with the matrix in [`group_rules`],
//! `pendency` (join requests), `notices` (tips and system notices), `attributes`, `signaling`,
//! `friends`, [`limits`], `rate` (40 messages per second per group), `clock`, `session` (the
//! `Session` implementation).
//!
//! # The rules it enforces
//!
//! Sources are the digests in `shared/spec/` (`p1`/`p2`/`p3` = `seed-002-part1/2/3.md`,
//! `web` = `seed-web-apicloud.md`, `hdr` = `c-api-headers.md`) and `shared/research/`
//! (`anchors` = `anchors-tencent-im.md`), with the source line numbers they cite.
//!
//! | Rule | Behaviour / code | Source |
//! |---|---|---|
//! | UserSig verified with the engine's SDKAppID and secret | expired 70001, empty 70002, undecodable 70003, wrong key 70009, other user 70013, other app 70014; user id > 32 bytes 7003 | p3 §2.3 L12643; hdr §6; p1 §7 L2609 |
//! | One session per platform | a second login on the same platform kicks the first (`KickedOffline`, its stream ends) | p1 §1.5 L2629–L2631, L2597 |
//! | UserSig expiring while online | `UserSigExpired`, the session ends | p1 §1.3 L2598–L2603 |
//! | Message identity | seq (per group / per pair), random, server time, unique id, status Sent | p3 §4.5 L19068–L19155 |
//! | Delivery | every online session of the receiver; offline receivers get C2C messages and group history at next login | p1 §2.1, p3 §4.6 L19197 |
//! | Own messages | the sender's other sessions receive them marked as their own | p1 §2.6 L5033–L5035 |
//! | Online-only | not stored, not kept for offline users, no unread, no last message | p1 §2.9 L3417–L3453, p3 §1.4 L12160 |
//! | Excluded from unread / last message | honoured per message | p1 §2.10 L3277–L3330 |
//! | Recall | sender (group: or owner/admin) within the window (120 s default, configurable); C2C late 20016, group late 10031, not found 20022/10030, twice 20023, AVChatRoom 10033; others get `MessageRevoked` | p1 §2.12 L3465–L3491; p3 §4.7 L19439 |
//! | History retention | 7 days (configurable), and at most `max_stored_messages` per conversation (an engine memory bound); pruned as new messages arrive | p1 §2.14 L3584–L3592 |
//! | History paging | newest first, `before` cursor; groups from joining (Meeting from the start); none in AVChatRoom | p1 §2.14 L3538–L3595 |
//! | C2C read receipt | mark-read sends `ReadReceipt` (reader, time) to the peer | p1 §2.13 L3493–L3536 |
//! | Conversations | last message, unread (Work/Public/Community only), @ info AtMe/AtAll/AtAllAtMe, cleared by mark-read | p2 §1, p1 §3 L3120–L3166 |
//! | Blocklist | blocked sender told "sent", nothing delivered; with the blocklist check 20007 | p2 §4.5 L7732, L7799 |
//! | Relationship check (console switch) | non-friends 20009 | p2 §4.3 L7747 |
//! | Receiver must exist | 20003 | anchors §2.3 |
//! | Group types and caps | Work 200, Public 2000, Meeting 6000, Community 100000, AVChatRoom unlimited; full 10014 | web §2.8 L5415–L5423 |
//! | Joining | Work 8508; Public by approval (default), Meeting/AVChatRoom/Community free; option forbid 10007; already in 10013 | p2 §2.4 L5960–L5996 |
//! | Inviting | Work members add at once (invitee notified); elsewhere 10007 (app admin only) | p2 §2.5 L7193–L7197 |
//! | Quitting | owner only in Work (else 10009) | p2 §2.6 L6002–L6004 |
//! | Profile edits | Work any member; Public/Meeting/Community owner+admins; AVChatRoom owner; name 30 B 8502, intro 120 B 8503, notice 150 B 8504, face URL 100 B 8505 | p2 §2.8 L6031–L6035; p3 §3.1 |
//! | Kick | Work owner; Public/Meeting/Community owner+admins (admins: ordinary members only); AVChatRoom nobody; 10007 | p2 §2.2 L5892, §2.13 L6198–L6202 |
//! | Mute one member | seconds, 0 unmutes; not in Work; AVChatRoom owner; admins only ordinary members; muted sender 10017 | p2 §2.12 L6192–L6200, L7294–L7316 |
//! | Mute everyone | owner/admin, every type; members 10017, owner and admins still speak | p2 §2.12 L6196; p3 §3.5 L15011 |
//! | Admin grant/revoke | owner, Public/Meeting/Community; tip to all, notice to the target | p2 §2.14 L6204–L6209 |
//! | Ownership transfer | owner; not AVChatRoom; info-change tip with the Owner flag | p2 §2.14 L6211–L6217, L6983 |
//! | Dismiss | owner; not Work (server API only); every member gets the Delete notice | p2 §2.6 L6006–L6013 |
//! | Join requests | notice to owner and admins; listed as pendencies; decided once (10024); applicant told accepted/refused | p2 §2.4, §2.17 L7025; p3 §3.8 |
//! | Tips | join/quit/kick to members (not Meeting); admin changes, info changes to all; mute tips Public/Work/Community only | p2 §2.16–§2.18, §2.20 L6229; web §2.2.1 L5760 |
//! | System notices | request→owner+admins, accepted/refused→applicant, kicked→kicked, dismissed→all, created→creator, invited→invitee, quit→leaver, admin grant/revoke→target; kept for offline users | p2 §2.17 L7520–L7532; hdr GroupReportType |
//! | Joined-group list | AVChatRoom excluded | p2 §2.7 L6015–L6019 |
//! | Group attributes | AVChatRoom only (10007); 16 keys, key 32 B, value 4 KB, 16 KB total (10004); 10 writes per 5 s (8511); change tip carries the whole set | p2 §2.11 L6080–L6113; web §2.11 L2777 |
//! | Group ids | custom: printable ASCII, ≤ 48 B, not `@TGS#` (10015); taken 10021; assigned `@TGS#…` | web §2.11 L924; anchors §2.2 |
//! | Message size | 8,000 bytes of content, 80002 | anchors §2.2 |
//! | @ targets | ≤ 30 incl. @all (`Limit`); none in AVChatRoom | web §2.11 L1675–L1677 |
//! | Merged messages | ≤ 300 messages, ≤ 5 abstracts of ≤ 100 chars (`Limit`), ≤ 100 levels (8005), no group tips inside (6016) | p1 §4, §7 L2936; web §2.11 L1572–L1574, L6724 |
//! | Service-only elements, empty messages | 6016 | p1 §2.4.8 |
//! | Blocked words (configured) | 80001, text only | p1 §2.17 L3629–L3631 |
//! | Group send rate | 40 per second per group; a message passes while fewer than 40 of its priority or higher passed this second (lower priorities dropped first); 10023 | anchors §2.2; p1 §2.7 L4430–L4433; p2 §2.20 L6230 |
//! | Non-member sends to a group | 10007; unknown group 10010 | anchors §2.3 (send_group_msg errors) |
//! | Signaling | 1:1 (one invitee) or group (members only, 10007); cancel by inviter, accept/reject by invitees (8011), ended 8010; timeout to inviter and pending invitees, 0 = never; offline 1:1 invitations delivered at login while open | p2 §3 L7552–L7582; p1 §6 L1098–L1101; hdr SIG L208–L345 |
//! | Friends and blocklist | add both ways (30015 already, 30516 deny-all, 30539 needs confirmation); blocking ends friendship, blocks requests (30515/30525); delete non-friend 31704 | p2 §4.4–§4.5 L7749–L7777, L8151–L8156 |
//!
//! Where a document cell is empty the engine chooses and says so: Meeting kick and mute follow
//! Public (p2 L5892–L5893); Community follows Public except its cap and free join.
//!
//! # Not modelled yet
//!
//! - Approving friend requests (no operation for it yet: a need-confirmation target answers
//!   30539), friend groups and remarks.
//! - Group invitations that need the invitee's or an admin's approval (approve option);
//!   member custom fields; group custom fields; receive options per conversation.
//! - Community topics, permission groups, group counters, member marks; message extensions,
//!   reactions, pinning, modification, deletion; group read receipts; targeted group messages.
//! - Tips as stored messages (tips reach online members only); `ConversationsChanged` and
//!   `NetworkStatus` events; offline push; before-send callbacks (`BeforeSend`).
//! - The custom messages signaling produces in the message stream; modifying invitations.
//! - The 100-conversation cloud list, edition quotas, duplicate
//!   detection by random, one AVChatRoom per Web user, anonymous AVChatRoom members.

mod accounts;
mod attributes;
mod clock;
mod conversations;
mod engine;
mod friends;
mod group_changes;
pub mod group_rules;
mod groups;
pub mod limits;
mod membership;
mod messages;
mod notices;
mod online;
mod pendency;
mod rate;
mod session;
mod signaling;
mod stored;

pub use engine::{EngineConfig, LocalEngine, DEMO_SDK_APP_ID, DEMO_SECRET};
