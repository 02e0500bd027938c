//! The bottom layer: small pieces every other layer may use and that use
//! nothing of guildhall's: timing of build phases, escaping for HTML and
//! XML, splitting text into words, and files built into the binary.

pub mod escape;
pub mod hash;
pub mod memory;
pub mod timing;
pub mod verbosity;
pub mod words;

/// Files of this repository built into the binary, as `(name, text)`
/// pairs, each name a path under `$dir` (relative to the repository):
/// `embedded!("starter/", "guildhall.yml", "README.md")`.
macro_rules! embedded {
    ($dir:literal, $($name:literal),* $(,)?) => {
        &[$((
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $dir, $name)),
        )),*]
    };
}
pub(crate) use embedded;

/// The path of `file` from `folder` (both `/`-separated, relative to the
/// same root): `../b/index.md` from `content/questions/a` to
/// `content/questions/b/index.md`.
pub fn relative_path(folder: &str, file: &str) -> String {
    let from: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = file.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut path = "../".repeat(from.len() - common);
    path.push_str(&to[common..].join("/"));
    path
}
