//! timbot plugin: calls (skeleton; built in the plugins issue).
