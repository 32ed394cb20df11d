//! timbot plugin: customer-service (skeleton; built in the plugins issue).
