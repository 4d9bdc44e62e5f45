//! The guard on user SQL (being written).
