//! Article extraction for Summarize to Post, in a crate of its own so that
//! the release profile can build it for speed while the rest of the core,
//! which waits on the network, is built for size.
//!
//! It also holds the two types the rest of the product shares with it: the
//! [`article::Article`] it produces, and the [`error::UserError`] shape in
//! which every failure reaches a user. The main crate re-exports all three
//! modules, so the rest of the code names them `crate::article`,
//! `crate::error` and `crate::extract`.

pub mod article;
pub mod error;
pub mod extract;
