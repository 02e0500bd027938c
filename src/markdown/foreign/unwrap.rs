//! What a theme's shortcode named in `check --fix --unwrap` leaves behind.
//! A wrapper gives way to what it wraps; a tag that names a link
//! (`link=`, `href=`, `url=`) or an image (`src=` of an image file) leaves
//! that link or image; a tag with nothing to show (`{{< spacer 20 >}}`,
//! `style="secondary"`) goes. A tag holding anything else (a card's
//! `title` and `gh_url`) stays as it is, with the reason: guildhall cannot
//! tell where a theme shows those, and unwrapping must not lose text.

use super::shortcode_fix::{figure, link};
use super::shortcodes::Tag;

/// Arguments that name where a tag links to.
const LINKS: [&str; 4] = ["link", "href", "url", "src"];
/// Arguments that give a link's text.
const TEXTS: [&str; 4] = ["text", "title", "label", "name"];
/// Arguments that name an image and what `figure` makes of the rest.
const IMAGE: [&str; 9] = [
    "src", "alt", "caption", "title", "link", "attr", "attrlink", "width", "height",
];
/// Arguments that only change how a theme draws a tag: no text is lost
/// without them.
const LOOKS: [&str; 13] = [
    "style", "class", "classes", "target", "rel", "width", "height", "size", "count", "color",
    "colour", "align", "script",
];
const IMAGE_FILES: [&str; 8] = [
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp",
];

/// What an unwrapped tag without a closing one leaves: its image, its
/// link or nothing; `Err` with the reason when it holds more.
pub(super) fn single(tag: &Tag<'_>, standalone: bool) -> Result<String, String> {
    if tag.get("src", None).is_some_and(is_image) {
        placed(tag, &IMAGE)?;
        return figure(tag, standalone);
    }
    placed(tag, &kept(tag))?;
    Ok(match target(tag) {
        Some(href) => link_to(href, text(tag)),
        None => String::new(),
    })
}

/// Whether a wrapper's arguments all have a place once it is unwrapped
/// (see [`around`]); else the reason.
pub(super) fn placed_around(tag: &Tag<'_>) -> Result<(), String> {
    placed(tag, &kept(tag))
}

/// What an unwrapped wrapper leaves around `inner` (its content, already
/// rewritten): the content, as a link's text when the tag names a link
/// and stands in a line; as its own block with the link below when it
/// stands on lines of its own. Its arguments are checked by
/// [`placed_around`] first.
pub(super) fn around(tag: &Tag<'_>, inner: &str, standalone: bool) -> String {
    let Some(href) = target(tag) else {
        return inner.to_string();
    };
    let content = inner.trim();
    let text = text(tag);
    if !standalone && !content.is_empty() && !content.contains('\n') {
        return match text {
            None => link(content, href),
            Some(text) => format!("{content} {}", link(text, href)),
        };
    }
    let below = link_to(href, text);
    if content.is_empty() {
        below
    } else {
        let separator = if standalone { "\n\n" } else { " " };
        format!("{}{separator}{below}", inner.trim_end_matches(['\n', '\r']))
    }
}

/// The arguments an unwrapped `tag` places: where it links, and its
/// link's text when it links somewhere (a title alone has no place).
fn kept(tag: &Tag<'_>) -> Vec<&'static str> {
    let mut kept = LINKS.to_vec();
    if target(tag).is_some() {
        kept.extend(TEXTS);
    }
    kept
}

/// Whether every argument of `tag` is among `kept` or only changes its
/// looks; else the reason, naming those that are not.
pub(super) fn placed(tag: &Tag<'_>, kept: &[&str]) -> Result<(), String> {
    let lost: Vec<String> = tag
        .args
        .iter()
        .filter(|(key, value)| match key {
            Some(key) => !kept.contains(key) && !LOOKS.contains(key),
            None => !is_measure(value),
        })
        .map(|(key, value)| match key {
            Some(key) => format!("`{key}`"),
            None => format!("`{value}`"),
        })
        .collect();
    if lost.is_empty() {
        return Ok(());
    }
    Err(format!(
        "`{}` holds {} that guildhall cannot tell where to show: write {} in markdown",
        tag.name,
        lost.join(", "),
        if lost.len() == 1 { "it" } else { "them" }
    ))
}

/// Where `tag` links to, if it names a place.
fn target<'t>(tag: &'t Tag<'_>) -> Option<&'t str> {
    first_of(tag, &LINKS)
}

/// The text of `tag`'s link, if it gives one.
fn text<'t>(tag: &'t Tag<'_>) -> Option<&'t str> {
    first_of(tag, &TEXTS)
}

/// The first of the arguments `names` that `tag` gives, not blank.
fn first_of<'t>(tag: &'t Tag<'_>, names: &[&str]) -> Option<&'t str> {
    names
        .iter()
        .find_map(|name| tag.get(name, None))
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

/// A link to `href` reading `text`, or the address itself.
fn link_to(href: &str, text: Option<&str>) -> String {
    match text {
        Some(text) => link(text, href),
        None if href.starts_with("https://") || href.starts_with("http://") => {
            format!("<{}>", href.replace(' ', "%20").replace(['<', '>'], ""))
        }
        None => link(href, href),
    }
}

fn is_image(src: &str) -> bool {
    let path = src
        .split(['?', '#'])
        .next()
        .unwrap_or(src)
        .to_ascii_lowercase();
    IMAGE_FILES.iter().any(|ext| path.ends_with(ext))
}

/// A positional argument that is a size or a count (`20`, `2em`, `50%`).
fn is_measure(value: &str) -> bool {
    let digits = value.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '%');
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::super::shortcodes::tag_at;
    use super::*;

    fn one(text: &str) -> Result<String, String> {
        single(&tag_at(text, 0).expect("a tag"), true)
    }

    #[test]
    fn a_tag_naming_a_link_or_an_image_leaves_it() {
        assert_eq!(
            one(
                r#"{{< button link="https://x.org/a b" text="Read [it]" style="secondary" target="_blank" >}}"#
            ),
            Ok("[Read \\[it\\]](<https://x.org/a b>)".to_string())
        );
        assert_eq!(
            one(r#"{{< iframe src="https://slides.example/embed/7" >}}"#),
            Ok("<https://slides.example/embed/7>".to_string())
        );
        assert_eq!(
            one(r#"{{< img src="/img/map.PNG" alt="Map" >}}"#),
            Ok("![Map](/img/map.PNG)".to_string())
        );
        assert_eq!(one("{{< spacer 20 >}}"), Ok(String::new()));
        assert_eq!(one("{{< todo_mindmap >}}"), Ok(String::new()));
    }

    #[test]
    fn a_tag_holding_more_is_left_with_the_reason() {
        assert_eq!(
            one(r#"{{< wg-card title="Books" gh_url="https://github.com/x" >}}"#),
            Err("`wg-card` holds `title`, `gh_url` that guildhall cannot tell where to show: write them in markdown".to_string())
        );
        assert_eq!(
            one(r#"{{< youtube_enhanced id="GwT6iUv" note="Talk" >}}"#),
            Err("`youtube_enhanced` holds `id`, `note` that guildhall cannot tell where to show: write them in markdown".to_string())
        );
        assert!(one(r#"{{< quote "Ship it" >}}"#).is_err());
        // A title alone has no place without a link to carry it.
        assert!(one(r#"{{< card title="Hello" >}}"#).is_err());
    }

    #[test]
    fn a_wrapper_naming_a_link_links_what_it_wraps() {
        let tag = tag_at(r#"{{< button href="/join/" >}}"#, 0).expect("a tag");
        assert_eq!(around(&tag, "Join *us*", false), "[Join *us*](/join/)");
        assert_eq!(
            around(&tag, "Para one.\n\nPara two.\n", true),
            "Para one.\n\nPara two.\n\n[/join/](/join/)"
        );
        let plain = tag_at("{{< intro >}}", 0).expect("a tag");
        assert_eq!(around(&plain, "Text.\n", true), "Text.\n");
        let titled = tag_at(r#"{{< panel title="Why" >}}"#, 0).expect("a tag");
        assert!(placed_around(&titled).is_err());
        assert_eq!(placed_around(&plain), Ok(()));
    }
}
