//! Which image each entry of a feed offers, in the original's order: `media:content` that is an
//! image (by type, or by extension when untyped; RSS `<enclosure>`s arrive here too) → Atom
//! `rel="enclosure"` links to images → the first `<img src>` in the entry's HTML (for Reddit's
//! `.rss`, the `[link]` to the full image first) → `media:thumbnail`. Reddit `.json` listings
//! have their own reader.

use serde::Deserialize;

/// One image an online source offers.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedImage {
    pub url: String,
    pub title: String,
    /// The entry's own page (shown as the source, opened on click).
    pub page: Option<String>,
    /// Seconds since the epoch, when the feed says.
    pub published: Option<i64>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a feed: {0}")]
    Feed(String),
    #[error("not a Reddit listing: {0}")]
    Listing(String),
}

/// Photo file extensions an image URL may end with.
const PHOTO_EXTENSIONS: [&str; 5] = ["jpg", "jpeg", "png", "webp", "gif"];
/// What Reddit posts may link to (the original's filter).
const REDDIT_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

fn has_extension(url: &str, allowed: &[&str]) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('.').is_some_and(|(_, ext)| allowed.iter().any(|a| a.eq_ignore_ascii_case(ext)))
}

fn is_image_type(t: &str) -> bool {
    t.trim().to_ascii_lowercase().starts_with("image/")
}

/// Attribute values in HTML carry `&amp;` for `&` (and sometimes other entities).
fn unescape(url: &str) -> String {
    url.replace("&amp;", "&").replace("&#38;", "&").replace("&quot;", "\"").replace("&#39;", "'")
}

/// The value of the first `attr="..."` (or single-quoted) in `tag`.
fn attribute(tag: &str, attr: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(attr) {
        let at = from + i;
        from = at + attr.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_start = tag.len() - rest.len() + 1;
        let value = tag[value_start..].trim_start();
        let quote = value.chars().next()?;
        if quote == '"' || quote == '\'' {
            let end = value[1..].find(quote)?;
            return Some(unescape(&value[1..1 + end]));
        }
        let end = value.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(value.len());
        return Some(unescape(&value[..end]));
    }
    None
}

/// The `attr` of each `<name ...>` tag in `html`, in order.
fn tags<'a>(html: &'a str, name: &'a str, attr: &'a str) -> impl Iterator<Item = String> + 'a {
    let lower = html.to_ascii_lowercase();
    let open = format!("<{name}");
    let mut starts = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open) {
        let at = from + i;
        from = at + open.len();
        if lower[from..].starts_with(|c: char| c.is_ascii_whitespace()) {
            let end = lower[from..].find('>').map_or(lower.len(), |e| from + e);
            starts.push((from, end));
        }
    }
    starts.into_iter().filter_map(move |(s, e)| attribute(&html[s..e], attr))
}

fn html_image(html: &str, reddit: bool) -> Option<String> {
    if reddit {
        if let Some(link) = tags(html, "a", "href").find(|u| has_extension(u, &REDDIT_EXTENSIONS)) {
            return Some(link);
        }
    }
    tags(html, "img", "src").next()
}

/// Images of an RSS, Atom or JSON feed, one per entry that offers one, in feed order.
/// `reddit` prefers each post's link to its full image over the preview in its HTML, and
/// keeps only the extensions Reddit photo posts use.
pub fn from_feed(bytes: &[u8], reddit: bool) -> Result<Vec<FeedImage>, ParseError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| ParseError::Feed(e.to_string()))?;
    let mut out = Vec::new();
    for entry in feed.entries {
        log::trace!("entry {:?}: media {:?}", entry.title, entry.media);
        let media = entry.media.iter().flat_map(|m| m.content.iter()).find_map(|c| {
            let url = c.url.as_ref()?.to_string();
            let typed = c.content_type.as_ref().map(|t| is_image_type(t.as_ref()));
            typed.unwrap_or_else(|| has_extension(&url, &PHOTO_EXTENSIONS)).then_some((url, c.width, c.height))
        });
        let enclosure = || {
            entry.links.iter().find_map(|l| {
                let rel = l.rel.as_deref().unwrap_or("");
                let image = l.media_type.as_deref().map_or_else(|| has_extension(&l.href, &PHOTO_EXTENSIONS), is_image_type);
                (rel.eq_ignore_ascii_case("enclosure") && image).then(|| (l.href.clone(), None, None))
            })
        };
        let html = || {
            let content = entry.content.as_ref().and_then(|c| c.body.as_deref());
            let summary = entry.summary.as_ref().map(|s| s.content.as_str());
            content.into_iter().chain(summary).find_map(|h| html_image(h, reddit)).map(|u| (u, None, None))
        };
        let thumbnail = || {
            entry.media.iter().flat_map(|m| m.thumbnails.iter()).next().map(|t| (t.image.uri.clone(), t.image.width, t.image.height))
        };
        let Some((url, width, height)) = media.or_else(enclosure).or_else(html).or_else(thumbnail) else { continue };
        if reddit && !has_extension(&url, &REDDIT_EXTENSIONS) {
            continue;
        }
        let page = entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r.eq_ignore_ascii_case("alternate"))).map(|l| l.href.clone());
        out.push(FeedImage {
            url,
            title: entry.title.map(|t| t.content).unwrap_or_default(),
            page,
            published: entry.published.or(entry.updated).map(|d| d.timestamp()),
            width,
            height,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct Listing {
    data: ListingData,
}

#[derive(Deserialize)]
struct ListingData {
    children: Vec<Child>,
}

#[derive(Deserialize)]
struct Child {
    data: Post,
}

#[derive(Deserialize)]
struct Post {
    #[serde(default)]
    url: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    permalink: Option<String>,
    #[serde(default)]
    created_utc: Option<f64>,
    #[serde(default)]
    preview: Option<Preview>,
}

#[derive(Deserialize)]
struct Preview {
    #[serde(default)]
    images: Vec<PreviewImage>,
}

#[derive(Deserialize)]
struct PreviewImage {
    source: Source,
}

#[derive(Deserialize)]
struct Source {
    width: u32,
    height: u32,
}

/// Image posts of a Reddit `.json` listing: links to jpg/jpeg/png/webp files, and where the
/// listing reports the size, only those at least `min_width` pixels wide (the original's
/// high-resolution filter, 2560).
pub fn from_reddit_json(bytes: &[u8], min_width: u32) -> Result<Vec<FeedImage>, ParseError> {
    let listing: Listing = serde_json::from_slice(bytes).map_err(|e| ParseError::Listing(e.to_string()))?;
    let mut out = Vec::new();
    for child in listing.data.children {
        let p = child.data;
        let url = unescape(&p.url);
        if !has_extension(&url, &REDDIT_EXTENSIONS) {
            continue;
        }
        let size = p.preview.as_ref().and_then(|pr| pr.images.first()).map(|i| (i.source.width, i.source.height));
        if size.is_some_and(|(w, _)| w < min_width) {
            continue;
        }
        out.push(FeedImage {
            url,
            title: p.title,
            page: p.permalink.map(|l| if l.starts_with('/') { format!("https://www.reddit.com{l}") } else { l }),
            published: p.created_utc.map(|t| t as i64),
            width: size.map(|s| s.0),
            height: size.map(|s| s.1),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_attributes_in_any_quoting() {
        let html = r#"<p>x</p><IMG class=a SRC='https://x/a.jpg?w=1&amp;h=2'><img src="https://x/b.png">"#;
        assert_eq!(tags(html, "img", "src").collect::<Vec<_>>(), ["https://x/a.jpg?w=1&h=2", "https://x/b.png"]);
        assert_eq!(attribute(r#"a data-src="no" src=https://x/c.webp"#, "src").as_deref(), Some("https://x/c.webp"));
        assert!(has_extension("https://i.redd.it/abc.JPEG?x=1", &REDDIT_EXTENSIONS));
        assert!(!has_extension("https://v.redd.it/abc", &REDDIT_EXTENSIONS));
        assert!(!has_extension("https://imgur.com/a.gifv", &PHOTO_EXTENSIONS));
    }
}
