//! Online sources (upstream-srpss.md §2): which image each feed entry offers, downloads that
//! are bounded in time and size and must really be images, and the disk cache they land in.
//! Runs in the feeds worker; nothing here touches the UI.

pub mod cache;
pub mod extract;
pub mod fetch;
pub mod headlines;
pub mod health;
pub mod magic;
pub mod poll;
pub mod reddit;
pub mod url_policy;
pub mod widget_loop;
pub mod widget_store;
pub mod weather;
pub mod worker;
pub use extract::{FeedImage, ParseError};
pub use fetch::{FetchError, Fetcher, Limits};
