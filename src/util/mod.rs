//! The bottom layer: small pieces every other layer may use and that use
//! nothing of guildhall's: timing of build phases, escaping for HTML and
//! XML, splitting text into words, files built into the binary, and
//! dependencies' panics caught.

pub mod caught;
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

/// Odd texts for property tests: `count` texts of up to `max_pieces`
/// pieces drawn from `pieces`, the same for the same `seed` (a linear
/// congruential generator: no dependency, and a failure reproduces).
#[cfg(test)]
pub fn odd_texts(pieces: &[&str], seed: u64, count: usize, max_pieces: usize) -> Vec<String> {
    let mut state = seed;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    (0..count)
        .map(|_| {
            let length = next(max_pieces);
            (0..length).map(|_| pieces[next(pieces.len())]).collect()
        })
        .collect()
}
