//! The goal language server.
