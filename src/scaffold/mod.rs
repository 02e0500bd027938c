//! Files written for people to fill in: `guildhall init` (a starter site)
//! and `guildhall new` (one entry with its front matter).

pub mod init;
pub mod new_entry;
