//! The bottom layer: small pieces every other layer may use and that use
//! nothing of guildhall's: timing of build phases, escaping for HTML and
//! XML, and splitting text into words.

pub mod escape;
pub mod timing;
pub mod words;
