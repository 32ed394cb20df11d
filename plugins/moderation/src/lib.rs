//! timbot plugin: moderation (skeleton; built in the plugins issue).
