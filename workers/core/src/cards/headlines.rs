//! What a Reddit card shows: headlines newest first, the original's title filter, and age
//! labels ("5M AGO", "3HR AGO", "2D AGO", "1W AGO", "1Y AGO").

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headline {
    pub title: String,
    /// The post's permalink.
    pub url: String,
    /// Unix seconds; None when the listing gave no usable date (sorted last).
    pub created_unix: Option<u64>,
}

/// One subreddit's latest successful fetch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Headlines {
    pub subreddit: String,
    pub items: Vec<Headline>,
    pub fetched_unix: u64,
}

/// Titles the original hid: recurring threads ("Daily …", "Weekly …", "… Question Thread").
pub fn is_filtered(title: &str) -> bool {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.iter().any(|w| *w == "daily" || *w == "weekly") || words.windows(2).any(|p| p == ["question", "thread"])
}

/// Drops empty and filtered titles and sorts newest first (undated last).
pub fn arrange(mut items: Vec<Headline>) -> Vec<Headline> {
    items.retain(|h| !h.title.trim().is_empty() && !is_filtered(&h.title));
    items.sort_by_key(|h| std::cmp::Reverse(h.created_unix.map_or(0, |t| t.saturating_add(1))));
    items
}

/// The age column.
pub fn age_label(created_unix: Option<u64>, now_unix: u64) -> String {
    let Some(created) = created_unix else { return String::new() };
    let s = now_unix.saturating_sub(created);
    let (n, unit) = match s {
        0..3600 => ((s / 60).max(1), "M"),
        3600..86_400 => (s / 3600, "HR"),
        86_400..604_800 => (s / 86_400, "D"),
        604_800..31_536_000 => (s / 604_800, "W"),
        _ => (s / 31_536_000, "Y"),
    };
    format!("{n}{unit} AGO")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(title: &str, t: Option<u64>) -> Headline {
        Headline { title: title.into(), url: format!("https://r/{title}"), created_unix: t }
    }

    #[test]
    fn filters_match_whole_words_only() {
        assert!(is_filtered("Daily Discussion Thread"));
        assert!(is_filtered("r/games WEEKLY megathread"));
        assert!(is_filtered("The big question thread"));
        assert!(!is_filtered("Dailymotion buys a studio"));
        assert!(!is_filtered("A question about threads"));
    }

    #[test]
    fn newest_first_undated_last() {
        let got = arrange(vec![h("old", Some(100)), h("undated", None), h("Daily chat", Some(500)), h("new", Some(300)), h(" ", Some(900))]);
        let titles: Vec<&str> = got.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(titles, ["new", "old", "undated"]);
    }

    #[test]
    fn age_labels() {
        let now = 100_000_000;
        assert_eq!(age_label(Some(now - 20), now), "1M AGO");
        assert_eq!(age_label(Some(now - 5 * 60), now), "5M AGO");
        assert_eq!(age_label(Some(now - 3 * 3600 - 5), now), "3HR AGO");
        assert_eq!(age_label(Some(now - 2 * 86_400), now), "2D AGO");
        assert_eq!(age_label(Some(now - 15 * 86_400), now), "2W AGO");
        assert_eq!(age_label(Some(now - 400 * 86_400), now), "1Y AGO");
        assert_eq!(age_label(None, now), "");
    }
}
