//! Reply templates: configured texts with `{name}` placeholders, filled per message.
//!
//! `"You are number {position} in the queue."` with `position = 2` gives
//! `"You are number 2 in the queue."`. A placeholder the reply does not know stays as written,
//! so a typo shows in the reply instead of vanishing.

/// `template` with every `{name}` of `values` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_placeholders_are_filled_and_unknown_ones_stay() {
        assert_eq!(
            fill(
                "{agent} took {customer}'s case {case}",
                &[("agent", "ann"), ("customer", "al")]
            ),
            "ann took al's case {case}"
        );
    }
}
