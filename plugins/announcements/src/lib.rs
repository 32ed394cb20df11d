//! timbot plugin: announcements (skeleton; built in the plugins issue).
