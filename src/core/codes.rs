//! The IM's numeric error codes, named, with what each means.
//!
//! One table holds every code: the client SDK's own codes (6000–9999), the service's codes
//! (≥ 10000 and the negative access-layer codes) and the codes the REST API and the third-party
//! callbacks (webhooks) answer with. Each code is a constant here, [`describe`] returns its
//! meaning, so a failed call ([`crate::core::Error::Im`]) can always be explained, and
//! [`im_error`] builds that error for a documented code.
//!
//! Sources: the SDK 8.6 header `TIMErrorCode.h` (spec `c-api-headers.md` §6), the REST and
//! webhook pages (research note `anchors-tencent-im.md` §2–§3) and the seed documents. The names
//! are timbot's own, chosen to say what happened; the meanings paraphrase those sources.

use std::ops::RangeInclusive;

use crate::core::error::Error;

/// Declares each code as a constant with its meaning as doc comment, and the one lookup table.
///
/// The table is a `match`, so a value listed twice is an unreachable pattern, which
/// `clippy -D warnings` rejects: every value has exactly one name.
macro_rules! error_codes {
    ($($name:ident = $value:literal, $meaning:literal;)+) => {
        $(
            #[doc = $meaning]
            pub const $name: i32 = $value;
        )+

        /// The meaning of a single named code (not of the callback-defined ranges).
        fn describe_named(code: i32) -> Option<&'static str> {
            match code {
                $($value => Some($meaning),)+
                _ => None,
            }
        }
    };
}

/// Codes in this range, returned by the app's `C2C.CallbackBeforeSendMsg`, reach the sender
/// unchanged as the reason a one-to-one message was refused.
pub const C2C_CALLBACK_CUSTOM_CODES: RangeInclusive<i32> = 120_001..=130_000;

/// Codes in this range, returned by the app's group before-callbacks (before send, before
/// join), reach the client unchanged as the reason its request was refused.
pub const GROUP_CALLBACK_CUSTOM_CODES: RangeInclusive<i32> = 10_100..=10_200;

/// What an IM error code means, or `None` for a code timbot does not know.
///
/// Codes in [`C2C_CALLBACK_CUSTOM_CODES`] and [`GROUP_CALLBACK_CUSTOM_CODES`] are described as
/// refusals chosen by the app's callback.
pub fn describe(code: i32) -> Option<&'static str> {
    describe_named(code).or_else(|| {
        if C2C_CALLBACK_CUSTOM_CODES.contains(&code) {
            Some("one-to-one message refused with a code chosen by the app's before-send callback")
        } else if GROUP_CALLBACK_CUSTOM_CODES.contains(&code) {
            Some("group request refused with a code chosen by the app's before-callback")
        } else {
            None
        }
    })
}

/// An [`Error::Im`] with `code` and its meaning (from [`describe`]) as the description, for
/// code that fails with a documented code, e.g. `im_error(GROUP_SENDER_MUTED)`.
pub fn im_error(code: i32) -> Error {
    Error::im(code, describe(code).unwrap_or("Unknown IM error code."))
}

error_codes! {
    SUCCESS = 0, "Success.";

    // ---- Client SDK: general ----
    PARSE_RESPONSE_FAILED = 6001, "The SDK could not parse the service's response.";
    SERIALIZE_REQUEST_FAILED = 6002, "The SDK could not serialize the request.";
    NO_SUCCESS_RESULT = 6003, "The request produced no successful result.";
    INVALID_CONVERSATION = 6004, "The conversation is invalid (wrong type or id).";
    LOAD_MESSAGES_FAILED = 6005, "Loading messages from the local store failed.";
    TO_USER_INVALID = 6011, "The message receiver is invalid.";
    REQUEST_TIMEOUT = 6012, "The request timed out.";
    SDK_NOT_INITIALIZED = 6013, "The SDK is not initialized.";
    NOT_LOGGED_IN = 6014, "Not logged in: log in before calling this.";
    IN_PROGRESS = 6015, "The same call is still running: call it again after it finishes.";
    INVALID_MESSAGE_ELEM = 6016, "A message element is invalid.";
    INVALID_PARAMETERS = 6017, "A parameter is invalid.";
    DATABASE_OPERATION_FAILED = 6019, "A local database operation failed.";
    INVALID_SDK_OBJECT = 6021, "The SDK object is invalid.";
    IO_OPERATION_FAILED = 6022, "A local I/O operation failed.";
    NO_PREVIOUS_LOGIN = 6026, "Automatic login needs a previous successful login.";
    INVALID_JSON = 6027, "The JSON passed to the SDK is invalid.";
    OUT_OF_MEMORY = 6028, "The SDK ran out of memory.";
    INVALID_MESSAGE_RECEIVER = 6032, "The message's receiver is invalid.";

    // ---- Client SDK: files and media ----
    FILE_TRANSFER_AUTH_FAILED = 6006, "File transfer authentication failed.";
    FILE_TRANSFER_NO_SERVER = 6007, "No file transfer server is available.";
    FILE_UPLOAD_FAILED = 6008, "Uploading the file failed.";
    FILE_DOWNLOAD_FAILED = 6009, "Downloading the file failed.";
    HTTP_REQUEST_FAILED = 6010, "An HTTP request of the SDK failed.";
    IMAGE_UPLOAD_NOT_AN_IMAGE = 6031, "The uploaded file is not an image.";

    // ---- Client SDK: login and connection ----
    SERVICE_NOT_READY = 6205, "The service is not ready: the outgoing request timed out.";
    USER_SIG_EXPIRED = 6206, "The UserSig expired: generate a new one and log in again.";
    LOGIN_AUTH_FAILED = 6207, "Login authentication failed.";
    KICKED_OFF_BY_OTHER_LOGIN = 6208, "Logged out because the account logged in on another device of the same platform.";
    REVOKE_TIME_LIMIT_EXCEEDED = 6223, "The message is too old to be recalled.";

    // ---- Client SDK: common ----
    CROSS_THREAD_CALL = 7001, "The SDK was called from the wrong thread.";
    TINY_ID_EMPTY = 7002, "The internal user id is empty: log in first.";
    INVALID_IDENTIFIER = 7003, "The UserID is invalid.";
    FILE_NOT_FOUND = 7004, "The file does not exist.";
    FILE_TOO_LARGE = 7005, "The file is too large.";
    FILE_EMPTY = 7006, "The file is empty.";
    FILE_OPEN_FAILED = 7007, "The file could not be opened.";
    API_CALL_FREQUENCY_LIMIT = 7008, "The SDK's own call rate limit was exceeded.";
    INTERRUPTED = 7009, "The operation was interrupted.";
    SDK_DATABASE_FAILURE = 7010, "The SDK's database failed.";
    SDK_DATABASE_NOT_FOUND = 7011, "The SDK's database record was not found.";
    SDK_INTERNAL_ERROR = 7012, "Internal SDK error.";
    INTERFACE_NOT_SUPPORTED = 7013, "This interface is not supported (e.g. by the edition or platform).";
    INVALID_OPERATION = 7014, "This operation is not allowed now.";

    // ---- Client SDK: account ----
    LOGIN_IN_PROGRESS = 7501, "A login is already in progress.";
    LOGOUT_IN_PROGRESS = 7502, "A logout is already in progress.";
    TLS_INIT_FAILED = 7503, "The login security module failed to initialize.";
    TLS_NOT_INITIALIZED = 7504, "The login security module is not initialized.";
    TLS_PACKET_ERROR = 7505, "The login security module built a bad packet.";
    TLS_DECRYPT_FAILED = 7506, "The login security module could not decrypt the answer.";
    TLS_REQUEST_FAILED = 7507, "The login security request failed.";
    TLS_REQUEST_TIMEOUT = 7508, "The login security request timed out.";

    // ---- Client SDK: messages ----
    MESSAGE_BODY_SIZE_LIMIT = 8001, "The message body is too large.";
    MESSAGE_KEY_MISMATCH = 8002, "The message's request and response keys differ.";
    IMAGE_CONVERT_ERROR = 8003, "The image could not be converted.";
    IMAGE_BLOCKED_BY_MODERATION = 8004, "The image was blocked by content moderation.";
    MERGED_MESSAGE_TOO_DEEP = 8005, "The merged message is nested more than 100 levels deep.";
    MESSAGE_MODIFY_CONFLICT = 8006, "The message was modified concurrently: fetch it again and retry.";
    SIGNALING_INVALID_INVITE_ID = 8010, "The invitation id is unknown or the invitation has ended.";
    SIGNALING_NO_PERMISSION = 8011, "Not allowed to act on this invitation (not its inviter or invitee).";
    INVALID_CANCEL_MESSAGE = 8020, "The message to cancel is invalid.";
    SEND_CANCELLED = 8021, "Sending was cancelled.";

    // ---- Client SDK: groups ----
    SDK_GROUP_INVALID_ID = 8501, "The group id is invalid.";
    SDK_GROUP_INVALID_NAME = 8502, "The group name is invalid (empty or too long).";
    SDK_GROUP_INVALID_INTRODUCTION = 8503, "The group introduction is too long.";
    SDK_GROUP_INVALID_NOTIFICATION = 8504, "The group notification is too long.";
    SDK_GROUP_INVALID_FACE_URL = 8505, "The group face URL is too long.";
    SDK_GROUP_INVALID_NAME_CARD = 8506, "The group name card is too long.";
    SDK_GROUP_MEMBER_COUNT_LIMIT = 8507, "The group's member limit was exceeded.";
    SDK_GROUP_JOIN_PRIVATE_DENIED = 8508, "A Work (private) group cannot be joined by request.";
    SDK_GROUP_INVITE_OWNER_DENIED = 8509, "The owner cannot be invited.";
    SDK_GROUP_INVITE_NO_MEMBER = 8510, "The list of members to invite is empty.";
    SDK_GROUP_ATTRIBUTE_FREQUENCY_LIMIT = 8511, "Group attribute writes are too frequent (the SDK allows 10 per 5 s).";
    SDK_GROUP_ONLINE_COUNT_FREQUENCY_LIMIT = 8512, "Online member counts are requested too often.";
    SDK_GROUP_INFO_FREQUENCY_LIMIT = 8513, "Group information is requested too often.";
    SDK_GROUP_JOINED_LIST_FREQUENCY_LIMIT = 8514, "The joined-group list is requested too often.";

    // ---- Client SDK: relationships ----
    SDK_FRIENDSHIP_INVALID_PROFILE_KEY = 9001, "The profile key is invalid.";
    SDK_FRIENDSHIP_INVALID_REMARK = 9002, "The friend remark is invalid (too long).";
    SDK_FRIENDSHIP_INVALID_WORDING = 9003, "The friend request wording is invalid (too long).";
    SDK_FRIENDSHIP_INVALID_SOURCE = 9004, "The friend request source is invalid.";
    SDK_FRIENDSHIP_GROUP_EMPTY = 9005, "The friend list (group of friends) name is empty.";
    SDK_FRIENDSHIP_LIMIT = 9006, "A friendship limit was exceeded.";

    // ---- Client SDK: network ----
    NET_ENCODE_FAILED = 9501, "The request packet could not be encoded.";
    NET_DECODE_FAILED = 9502, "The response packet could not be decoded.";
    NET_AUTH_INVALID = 9503, "Network authentication is invalid: log in again.";
    NET_FREQUENCY_LIMIT = 9506, "Network requests are too frequent.";
    NET_REQUEST_COUNT_LIMIT = 9507, "Too many requests are pending.";
    NET_DISCONNECTED = 9508, "The network is disconnected.";
    NET_CONNECT_TIMEOUT = 9510, "Connecting timed out.";
    NET_CONNECTION_REFUSED = 9511, "The connection was refused.";
    NET_UNREACHABLE = 9512, "The network is unreachable.";
    NET_RESET_BY_PEER = 9514, "The connection was reset by the peer.";
    NET_DNS_FAILED = 9516, "The host name could not be resolved.";
    NET_WAIT_IN_QUEUE_TIMEOUT = 9518, "The request timed out waiting in the send queue.";
    NET_WAIT_SEND_TIMEOUT = 9519, "The request timed out while being sent.";
    NET_WAIT_ACK_TIMEOUT = 9520, "The request was sent but no answer came in time.";
    NET_PACKET_SIZE_LIMIT = 9522, "The request packet is too large.";

    // ---- Service: access layer ----
    SSO_CONNECT_LIMIT = -302, "Too many connections to the access layer.";
    SSO_D2_EXPIRED = -10001, "The login ticket expired: log in again.";
    SSO_A2_UP_INVALID = -10003, "The login ticket is invalid: log in again.";
    SSO_A2_DOWN_INVALID = -10004, "The login ticket is invalid: log in again.";
    SSO_EMPTY_KEY = -10005, "The login key is empty.";
    SSO_DISCONNECTED = -10102, "The access layer dropped the connection.";
    SSO_IDENTIFIER_INVALID = -10103, "The account is invalid for the access layer.";
    SSO_APP_ID_BLACKLISTED = -10110, "The SDKAppID is blacklisted.";
    SSO_FREQUENCY_LIMIT = -10113, "Too many requests to the access layer.";
    SSO_OVERLOADED = -10114, "The access layer is overloaded: retry later.";
    SSO_REQUEST_FREQUENCY_LIMIT = -20009, "Requests are too frequent.";

    // ---- Service: common (REST API) ----
    REST_HTTP_PARSE_FAILED = 60002, "The HTTP request could not be parsed (check the URL).";
    REST_JSON_PARSE_FAILED = 60003, "The request JSON could not be parsed.";
    REST_INVALID_ACCOUNT = 60004, "The account or signature in the request URL is wrong.";
    REST_INVALID_ACCOUNT_EX = 60005, "The account or signature in the request URL is wrong.";
    REST_INVALID_SDK_APP_ID = 60006, "The SDKAppID is invalid.";
    REST_FREQUENCY_LIMIT = 60007, "The REST API call rate limit was exceeded.";
    REST_REQUEST_TIMEOUT = 60008, "The request timed out or is badly formatted.";
    REST_INVALID_RESOURCE = 60009, "The request's resource (URL path) is wrong.";
    REST_ADMIN_REQUIRED = 60010, "The request needs an App admin account.";
    REST_SDK_APP_ID_FREQUENCY_LIMIT = 60011, "The per-SDKAppID rate limit was exceeded.";
    REST_SDK_APP_ID_MISSING = 60012, "The request has no SDKAppID.";
    REST_RESPONSE_JSON_FAILED = 60013, "The response JSON could not be built.";
    REST_ACCOUNT_SWITCH_TIMEOUT = 60014, "Switching accounts timed out.";
    REST_ACCOUNT_NOT_STRING = 60015, "An account id must be a string.";
    REST_SDK_APP_ID_DISABLED = 60016, "The SDKAppID is disabled.";
    REST_REQUEST_DISABLED = 60017, "This request is disabled.";
    REST_TOO_MANY_REQUESTS = 60018, "Too many requests.";
    REST_TOO_MANY_REQUESTS_EX = 60019, "Too many requests.";
    REST_EDITION_EXPIRED = 60020, "The paid edition expired or the service is not enabled.";
    REST_SOURCE_IP_NOT_ALLOWED = 60021, "The request's source IP is not allowed.";

    // ---- Service: content ----
    SENSITIVE_TEXT = 80001, "The text contains words the content moderation blocks.";
    BODY_SIZE_LIMIT = 80002, "The message is too long (8 KB of content; the REST group send says 12 KB).";
    DROPPED_BY_FAILED_CALLBACK = 80003, "The message was dropped because the before-send callback failed or timed out.";
    SENSITIVE_IMAGE = 80004, "The image was blocked by content moderation.";

    // ---- Service: accounts and UserSig ----
    USER_SIG_EXPIRED_SERVER = 70001, "The UserSig expired: generate a new one.";
    USER_SIG_EMPTY = 70002, "The UserSig is empty.";
    USER_SIG_CHECK_FAILED = 70003, "The UserSig is invalid (cannot be decoded or checked).";
    USER_SIG_CHECK_FAILED_EX = 70005, "The UserSig is invalid (cannot be decoded or checked).";
    USER_SIG_WRONG_KEY = 70009, "The UserSig does not verify: wrong secret key or SDKAppID.";
    USER_SIG_WRONG_USER = 70013, "The UserID in the UserSig is not the one logging in.";
    USER_SIG_WRONG_SDK_APP_ID = 70014, "The SDKAppID in the UserSig is not the one in the request.";
    USER_SIG_PUBLIC_KEY_NOT_FOUND = 70016, "No verification key exists for this SDKAppID.";
    SDK_APP_ID_NOT_FOUND = 70020, "The SDKAppID does not exist.";
    USER_SIG_TOO_MANY_FAILURES = 70050, "Too many failed UserSig checks: retry later.";
    ACCOUNT_BLACKLISTED = 70051, "The account is blacklisted.";
    USER_SIG_INVALID = 70052, "The UserSig is invalid.";
    LOGIN_SIG_EXPIRED = 70101, "The login signature expired.";
    ACCOUNT_NOT_FOUND = 70107, "The account does not exist (it was never imported).";
    ACCOUNT_SECURITY_RESTRICTED = 70114, "The account is restricted for security reasons.";
    ACCOUNT_INTERNAL_TIMEOUT = 70169, "Internal timeout of the account service: retry.";
    ACCOUNT_INVALID_COUNT = 70206, "The number of accounts in the batch is invalid.";
    ACCOUNT_COUNT_LIMIT = 70398, "The app's account limit was reached (100 on the free edition).";
    ACCOUNT_INVALID_PARAMETERS = 70402, "A parameter of the account request is invalid.";
    ACCOUNT_ADMIN_REQUIRED = 70403, "The account request needs an App admin.";
    ACCOUNT_INTERNAL_ERROR = 70500, "Internal error of the account service.";
    ACCOUNT_DISABLED = 72001, "The account is disabled.";

    // ---- Service: profiles ----
    PROFILE_INVALID_PARAMETERS = 40001, "A parameter of the profile request is invalid.";
    PROFILE_ACCOUNT_MISSING = 40002, "The profile request names no account.";
    PROFILE_ACCOUNT_NOT_FOUND = 40003, "The account of the profile does not exist.";
    PROFILE_ADMIN_REQUIRED = 40004, "The profile request needs an App admin.";
    PROFILE_SENSITIVE_TEXT = 40005, "The profile contains blocked words.";
    PROFILE_INTERNAL_ERROR = 40006, "Internal error of the profile service.";
    PROFILE_READ_NOT_ALLOWED = 40007, "Not allowed to read this profile field.";
    PROFILE_WRITE_NOT_ALLOWED = 40008, "Not allowed to write this profile field.";
    PROFILE_TAG_NOT_FOUND = 40009, "The profile field does not exist.";
    PROFILE_SIZE_LIMIT = 40601, "A profile field value is too long.";
    PROFILE_VALUE_ERROR = 40605, "A profile field value is wrong.";
    PROFILE_INVALID_VALUE_FORMAT = 40610, "A profile field value has the wrong type.";

    // ---- Service: relationships ----
    FRIENDSHIP_INVALID_PARAMETERS = 30001, "A parameter of the friendship request is invalid.";
    FRIENDSHIP_INVALID_SDK_APP_ID = 30002, "The SDKAppID of the friendship request is invalid.";
    FRIENDSHIP_ACCOUNT_NOT_FOUND = 30003, "The account of the friendship request does not exist.";
    FRIENDSHIP_ADMIN_REQUIRED = 30004, "The friendship request needs an App admin.";
    FRIENDSHIP_SENSITIVE_TEXT = 30005, "The friendship request contains blocked words.";
    FRIENDSHIP_INTERNAL_ERROR = 30006, "Internal error of the friendship service.";
    FRIENDSHIP_TIMEOUT = 30007, "The friendship service timed out.";
    FRIENDSHIP_WRITE_CONFLICT = 30008, "Concurrent writes to the friend list: retry.";
    FRIENDSHIP_ADD_DENIED = 30009, "Adding this friend is not allowed.";
    FRIENDSHIP_SELF_FRIEND_LIMIT = 30010, "Your own friend list is full.";
    FRIENDSHIP_FRIEND_GROUP_LIMIT = 30011, "Too many friend lists (groups of friends).";
    FRIENDSHIP_PENDENCY_LIMIT = 30012, "Too many pending friend requests.";
    FRIENDSHIP_BLACKLIST_LIMIT = 30013, "The blocklist is full.";
    FRIENDSHIP_PEER_FRIEND_LIMIT = 30014, "The peer's friend list is full.";
    FRIENDSHIP_ALREADY_FRIENDS = 30015, "Already friends.";
    FRIENDSHIP_IN_SELF_BLACKLIST = 30515, "The peer is on your blocklist.";
    FRIENDSHIP_PEER_DENIES_ALL = 30516, "The peer accepts no friend requests.";
    FRIENDSHIP_IN_PEER_BLACKLIST = 30525, "You are on the peer's blocklist.";
    FRIENDSHIP_PENDING_APPROVAL = 30539, "The request waits for the peer's approval.";
    FRIENDSHIP_ADD_SECURITY_RESTRICTED = 30540, "Adding friends is restricted for security reasons.";
    FRIENDSHIP_NO_PENDING_REQUEST = 30614, "There is no friend request to respond to.";
    FRIENDSHIP_DELETE_NON_FRIEND = 31704, "The account to delete is not a friend.";
    FRIENDSHIP_DELETE_SECURITY_RESTRICTED = 31707, "Deleting friends is restricted for security reasons.";

    // ---- Service: conversations ----
    CONVERSATION_ACCOUNT_NOT_FOUND = 50001, "The account of the conversation request does not exist.";
    CONVERSATION_INVALID_PARAMETERS = 50002, "A parameter of the conversation request is invalid.";
    CONVERSATION_ADMIN_REQUIRED = 50003, "The conversation request needs an App admin.";
    CONVERSATION_INTERNAL_ERROR = 50004, "Internal error of the conversation service.";
    CONVERSATION_TIMEOUT = 50005, "The conversation service timed out.";

    // ---- Service: messages ----
    MESSAGE_PACKET_PARSE_FAILED = 20001, "The message request could not be parsed.";
    MESSAGE_AUTH_FAILED = 20002, "Internal authentication failed (UserSig or ticket expired).";
    MESSAGE_INVALID_USER_ID = 20003, "A UserID of the message is invalid or was never imported.";
    MESSAGE_NETWORK_ERROR = 20004, "Network error inside the message service: retry.";
    MESSAGE_INTERNAL_ERROR = 20005, "Internal error of the message service: retry.";
    MESSAGE_BLOCKED_BY_CALLBACK = 20006, "The one-to-one message was blocked by the app's before-send callback.";
    MESSAGE_IN_PEER_BLACKLIST = 20007, "The sender is on the receiver's blocklist.";
    MESSAGE_NOT_FRIENDS = 20009, "The two accounts are not friends and the friendship check is on.";
    MESSAGE_NOT_PEER_FRIEND = 20010, "The sender is not the receiver's friend (one-way friendship).";
    MESSAGE_NOT_SELF_FRIEND = 20011, "The receiver is not the sender's friend (one-way friendship).";
    MESSAGE_SENDER_MUTED = 20012, "The sender is muted.";
    MESSAGE_RECALL_TIME_LIMIT = 20016, "The one-to-one message is too old to be recalled.";
    MESSAGE_DELETE_ROAMING_FAILED = 20018, "Deleting roaming messages failed.";
    MESSAGE_RECALL_NOT_FOUND = 20022, "The message to recall does not exist.";
    MESSAGE_ALREADY_RECALLED = 20023, "The message was already recalled.";
    MESSAGE_EXTENSION_CONFLICT = 23001, "A concurrent write to the message extension won: the current values come back.";
    MESSAGE_EXTENSION_NOT_FOUND = 23004, "The message extension does not exist.";
    MESSAGE_REACTION_COUNT_LIMIT = 23005, "The message has too many reactions.";
    MESSAGE_REACTION_USER_COUNT_LIMIT = 23006, "The reaction has too many users.";
    MESSAGE_REACTION_ALREADY_ADDED = 23007, "The user already added this reaction.";
    MESSAGE_REACTION_NOT_FOUND = 23008, "The reaction does not exist.";
    MESSAGE_REACTION_NOT_BY_USER = 23009, "The user did not add this reaction.";
    MESSAGE_JSON_PARSE_FAILED = 90001, "The message request JSON could not be parsed.";
    MESSAGE_BODY_INVALID = 90002, "MsgBody does not follow the message format.";
    MESSAGE_INVALID_TO_ACCOUNT = 90003, "To_Account is missing or not a string.";
    MESSAGE_INVALID_RANDOM = 90005, "MsgRandom is missing or not a 32-bit unsigned integer.";
    MESSAGE_INVALID_TIMESTAMP = 90006, "MsgTimeStamp is invalid.";
    MESSAGE_BODY_NOT_ARRAY = 90007, "MsgBody is not an array.";
    MESSAGE_ADMIN_REQUIRED = 90009, "The request needs an App admin.";
    MESSAGE_INVALID_JSON_FORMAT = 90010, "The message JSON does not follow the format.";
    MESSAGE_TO_ACCOUNT_COUNT_LIMIT = 90011, "Too many receivers in one batch (at most 500).";
    MESSAGE_TO_ACCOUNT_NOT_FOUND = 90012, "The receiver does not exist (never imported).";
    MESSAGE_LIFETIME_LIMIT = 90026, "MsgLifeTime is longer than 7 days.";
    MESSAGE_INVALID_SYNC_OTHER_MACHINE = 90031, "SyncOtherMachine is invalid.";
    MESSAGE_INVALID_LIFETIME = 90044, "MsgLifeTime is invalid.";
    MESSAGE_ACCOUNT_NOT_FOUND = 90048, "The account in the request does not exist.";
    MESSAGE_INVALID_MSG_KEY = 90054, "The MsgKey to recall is invalid.";
    MESSAGE_INTERNAL_ERROR_CALLBACK = 90992, "Internal error of the message service; check that the app's callbacks answer correctly.";
    MESSAGE_INTERNAL_ERROR_2 = 90994, "Internal error of the message service: retry.";
    MESSAGE_INTERNAL_ERROR_3 = 90995, "Internal error of the message service: retry.";
    MESSAGE_INTERNAL_ERROR_4 = 91000, "Internal error of the message service: retry.";
    MESSAGE_LONG_POLLING_COUNT_LIMIT = 91101, "Too many long-polling connections.";
    MESSAGE_JSON_SIZE_LIMIT = 93000, "The message JSON is larger than 12 KB.";
    SDK_ALREADY_INITIALIZED = 90101, "The SDK is already initialized.";

    // ---- Service: groups ----
    GROUP_INTERNAL_ERROR = 10002, "Internal error of the group service: retry.";
    GROUP_INVALID_COMMAND = 10003, "The group request names an unknown command.";
    GROUP_INVALID_PARAMETERS = 10004, "A parameter of the group request is invalid (or the group type does not support it).";
    GROUP_ACCOUNT_COUNT_LIMIT = 10005, "Too many accounts in one group request.";
    GROUP_FREQUENCY_LIMIT = 10006, "Group requests are too frequent.";
    GROUP_PERMISSION_DENIED = 10007, "No permission for this in the group (role or group type).";
    GROUP_INVALID_REQUEST = 10008, "The group request is invalid.";
    GROUP_OWNER_CANNOT_QUIT = 10009, "The owner cannot quit the group: transfer ownership or dismiss it.";
    GROUP_NOT_FOUND = 10010, "The group does not exist or was dismissed.";
    GROUP_JSON_PARSE_FAILED = 10011, "The group request JSON could not be parsed.";
    GROUP_INVALID_ID = 10012, "The operator's account is invalid for the group request.";
    GROUP_ALREADY_MEMBER = 10013, "Already a member of the group.";
    GROUP_FULL = 10014, "The group is full.";
    GROUP_INVALID_GROUP_ID = 10015, "The group id is invalid.";
    GROUP_REJECTED_BY_CALLBACK = 10016, "The app's group before-callback rejected the request.";
    GROUP_SENDER_MUTED = 10017, "The sender is muted in the group.";
    GROUP_RESPONSE_SIZE_LIMIT = 10018, "The answer is too large: page the request.";
    GROUP_ACCOUNT_NOT_FOUND = 10019, "The account does not exist (never imported).";
    GROUP_ID_IN_USE = 10021, "The group id is already taken.";
    GROUP_SEND_FREQUENCY_LIMIT = 10023, "Messages to this group are too frequent (40 per second per group).";
    GROUP_REQUEST_ALREADY_HANDLED = 10024, "The join request or invitation was already handled.";
    GROUP_ID_IN_USE_BY_OWNER = 10025, "The group id is taken and was used by the same owner.";
    GROUP_SDK_APP_ID_DENIED = 10026, "The SDKAppID is barred from this group command.";
    GROUP_RECALL_NOT_FOUND = 10030, "The group message to recall does not exist.";
    GROUP_RECALL_TIME_LIMIT = 10031, "The group message is too old to be recalled.";
    GROUP_RECALL_DENIED = 10032, "This group message cannot be recalled.";
    GROUP_RECALL_NOT_SUPPORTED = 10033, "This group type does not support recalling messages.";
    GROUP_DELETE_MESSAGE_DENIED = 10034, "This group message cannot be deleted.";
    GROUP_DELETE_MESSAGE_NOT_SUPPORTED = 10035, "This group type (AVChatRoom) does not support deleting messages.";
    GROUP_AV_CHAT_ROOM_COUNT_LIMIT = 10036, "The app's AVChatRoom limit was reached.";
    GROUP_COUNT_LIMIT = 10037, "The account created or joined too many groups.";
    GROUP_MEMBER_COUNT_LIMIT = 10038, "The group's member limit was reached.";
    GROUP_RECALL_DISABLED = 10041, "Recalling messages is disabled for the app.";
    GROUP_ATTRIBUTE_FREQUENCY_LIMIT = 10049, "Group attribute writes are too frequent (the service allows 5 per second).";
    GROUP_ATTRIBUTE_WRITE_CONFLICT = 10056, "A concurrent group attribute write won: read them again, then retry.";
    GROUP_FREE_EDITION_LIMIT = 10058, "The free edition allows at most 100 groups.";
    GROUP_PINNED_MESSAGE_COUNT_LIMIT = 10070, "Too many pinned messages in the group.";
    GROUP_MESSAGE_ALREADY_PINNED = 10071, "The message is already pinned.";

    // ---- Service: media resources ----
    RESOURCE_NOT_FOUND = 114000, "The media resource does not exist.";
    RESOURCE_ACCESS_DENIED = 114001, "Access to the media resource is denied.";
    RESOURCE_SIZE_LIMIT = 114002, "The media resource is too large.";
    RESOURCE_SEND_CANCELLED = 114003, "Sending the media resource was cancelled.";
    RESOURCE_READ_FAILED = 114004, "The media resource could not be read.";
    RESOURCE_TRANSFER_TIMEOUT = 114005, "The media transfer timed out.";
    RESOURCE_INVALID_PARAMETERS = 114011, "A parameter of the media request is invalid.";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_codes_have_their_documented_values() {
        // Client SDK (TIMErrorCode.h, spec §6).
        assert_eq!(IN_PROGRESS, 6015);
        assert_eq!(REQUEST_TIMEOUT, 6012);
        assert_eq!(NOT_LOGGED_IN, 6014);
        assert_eq!(USER_SIG_EXPIRED, 6206);
        assert_eq!(KICKED_OFF_BY_OTHER_LOGIN, 6208);
        assert_eq!(MERGED_MESSAGE_TOO_DEEP, 8005);
        assert_eq!(SIGNALING_INVALID_INVITE_ID, 8010);
        assert_eq!(SDK_GROUP_ATTRIBUTE_FREQUENCY_LIMIT, 8511);
        assert_eq!(NET_DISCONNECTED, 9508);
        // Service: UserSig and accounts (research note §1.5).
        assert_eq!(USER_SIG_EXPIRED_SERVER, 70001);
        assert_eq!(USER_SIG_EMPTY, 70002);
        assert_eq!(USER_SIG_WRONG_KEY, 70009);
        assert_eq!(USER_SIG_WRONG_USER, 70013);
        assert_eq!(USER_SIG_WRONG_SDK_APP_ID, 70014);
        assert_eq!(USER_SIG_TOO_MANY_FAILURES, 70050);
        assert_eq!(ACCOUNT_NOT_FOUND, 70107);
        // REST (research note §2).
        assert_eq!(REST_FREQUENCY_LIMIT, 60007);
        assert_eq!(REST_ADMIN_REQUIRED, 60010);
        assert_eq!(MESSAGE_JSON_SIZE_LIMIT, 93000);
        assert_eq!(MESSAGE_TO_ACCOUNT_COUNT_LIMIT, 90011);
        assert_eq!(MESSAGE_RECALL_NOT_FOUND, 20022);
        assert_eq!(MESSAGE_ALREADY_RECALLED, 20023);
        assert_eq!(MESSAGE_INVALID_MSG_KEY, 90054);
        assert_eq!(GROUP_SENDER_MUTED, 10017);
        assert_eq!(GROUP_SEND_FREQUENCY_LIMIT, 10023);
        assert_eq!(GROUP_RECALL_TIME_LIMIT, 10031);
        assert_eq!(GROUP_FREE_EDITION_LIMIT, 10058);
        assert_eq!(SENSITIVE_TEXT, 80001);
        assert_eq!(BODY_SIZE_LIMIT, 80002);
        // Webhooks (research note §3).
        assert_eq!(MESSAGE_BLOCKED_BY_CALLBACK, 20006);
        assert_eq!(GROUP_REJECTED_BY_CALLBACK, 10016);
        assert_eq!(DROPPED_BY_FAILED_CALLBACK, 80003);
        assert_eq!(C2C_CALLBACK_CUSTOM_CODES, 120_001..=130_000);
        assert_eq!(GROUP_CALLBACK_CUSTOM_CODES, 10_100..=10_200);
    }

    #[test]
    fn describe_explains_named_codes() {
        assert_eq!(describe(SUCCESS), Some("Success."));
        assert!(describe(GROUP_SENDER_MUTED).is_some_and(|m| m.contains("muted")));
        assert!(describe(USER_SIG_EXPIRED).is_some_and(|m| m.contains("expired")));
        assert!(describe(USER_SIG_EXPIRED_SERVER).is_some_and(|m| m.contains("expired")));
    }

    #[test]
    fn describe_explains_callback_ranges_up_to_their_bounds() {
        for code in [120_001, 125_000, 130_000] {
            assert!(describe(code).is_some_and(|m| m.contains("before-send callback")));
        }
        for code in [10_100, 10_200] {
            assert!(describe(code).is_some_and(|m| m.contains("before-callback")));
        }
        for code in [120_000, 130_001, 10_099, 10_201] {
            assert_eq!(describe(code), None, "{code}");
        }
    }

    #[test]
    fn im_error_keeps_the_code_and_its_meaning() {
        let error = im_error(GROUP_SENDER_MUTED);
        assert_eq!(error.code(), Some(10017));
        assert_eq!(
            error.to_string(),
            "IM error 10017: The sender is muted in the group."
        );
        assert_eq!(im_error(99_999).code(), Some(99_999));
    }

    #[test]
    fn describe_knows_nothing_of_unknown_codes() {
        assert_eq!(describe(1), None);
        assert_eq!(describe(99_999), None);
        assert_eq!(describe(-1), None);
    }
}
