//! timbot plugin: help (skeleton; built in the plugins issue).
