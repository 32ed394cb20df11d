//! Fuzzy similarity between two short texts: the overlap of their character bigrams.
//!
//! Both texts are normalized (lower-cased; every run of characters that are not letters or
//! digits becomes one space; trimmed) and cut into bigrams, the pairs of adjacent characters
//! (`"reset"` → `re es se et`). The score is the Sørensen–Dice coefficient of the two bigram
//! multisets: twice the number of shared bigrams divided by the total number of bigrams, from
//! 0.0 (nothing shared) to 1.0 (same bigrams). It forgives typos and word order
//! (`"pasword reset"` vs `"reset password"` ≈ 0.8) and works for any script, including Chinese,
//! where adjacent characters carry most of the meaning.

use std::collections::HashMap;

/// `text` lower-cased, with every run of non-alphanumeric characters turned into one space.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        } else {
            pending_space = true;
        }
    }
    out
}

/// The Dice coefficient of the character bigrams of `a` and `b` (both normalized first).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(&normalize(a)), bigrams(&normalize(b)));
    let total: usize = a.values().sum::<usize>() + b.values().sum::<usize>();
    if total == 0 {
        return 0.0;
    }
    let shared: usize = a
        .iter()
        .map(|(pair, count)| (*count).min(b.get(pair).copied().unwrap_or(0)))
        .sum();
    2.0 * shared as f64 / total as f64
}

fn bigrams(text: &str) -> HashMap<(char, char), usize> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = HashMap::new();
    for pair in chars.windows(2) {
        *out.entry((pair[0], pair[1])).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_lowercases_and_collapses_punctuation() {
        assert_eq!(
            normalize("  How do I, RESET my password?? "),
            "how do i reset my password"
        );
    }

    #[test]
    fn identical_texts_score_one_and_disjoint_texts_zero() {
        assert!((similarity("Reset password", "reset   password!") - 1.0).abs() < 1e-9);
        assert_eq!(similarity("abc", "xyz"), 0.0);
        assert_eq!(similarity("", "anything"), 0.0);
    }

    #[test]
    fn typos_and_word_order_keep_a_high_score() {
        let score = similarity("pasword reset", "reset password");
        assert!(score > 0.7, "{score}");
        assert!(similarity("refund", "shipping times") < 0.2);
    }
}
