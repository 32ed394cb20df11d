//! Who may trigger a matcher: everyone, group admins, the group owner, or configured superusers.
//!
//! Superusers (the bot's `superusers` setting) pass every check. Group roles are looked up only
//! when a matched matcher needs them, so ordinary messages cost no extra call. When a check fails
//! the dispatcher answers with the bot's `denied_reply` (or the matcher's own) and the plugin's
//! handler does not run.

/// What a matcher requires of the sender.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Permission {
    /// Anyone.
    #[default]
    Everyone,
    /// A group admin or the group owner (in a one-to-one chat: superusers only).
    GroupAdmin,
    /// The group owner (in a one-to-one chat: superusers only).
    GroupOwner,
    /// Only the bot's configured superusers.
    Superuser,
}

/// The sender's role in the group a message was sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SenderRole {
    /// Not a member, or unknown.
    None,
    /// An ordinary member.
    Member,
    /// An admin.
    Admin,
    /// The owner.
    Owner,
}

impl Permission {
    /// Whether the check needs the sender's group role.
    pub fn needs_role(self) -> bool {
        matches!(self, Permission::GroupAdmin | Permission::GroupOwner)
    }

    /// Whether a sender with `role` ([`SenderRole::None`] when unknown or not looked up) passes,
    /// given whether the sender is a superuser.
    pub fn allows(self, superuser: bool, role: SenderRole) -> bool {
        if superuser {
            return true;
        }
        match self {
            Permission::Everyone => true,
            Permission::GroupAdmin => role >= SenderRole::Admin,
            Permission::GroupOwner => role == SenderRole::Owner,
            Permission::Superuser => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_superusers() {
        use Permission::*;
        use SenderRole::{Admin, Member, Owner};
        assert!(GroupAdmin.allows(false, Owner));
        assert!(GroupAdmin.allows(false, Admin));
        assert!(!GroupAdmin.allows(false, Member));
        assert!(!GroupAdmin.allows(false, SenderRole::None));
        assert!(!GroupOwner.allows(false, Admin));
        assert!(!Superuser.allows(false, Owner));
        assert!(Superuser.allows(true, SenderRole::None));
        assert!(Everyone.allows(false, SenderRole::None));
    }
}
