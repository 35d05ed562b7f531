//! Matching of `*`, `_` and `~` delimiter runs into emphasis, strong
//! emphasis and strikethrough, by CommonMark's "process emphasis" rules
//! (GFM's for `~`, which must match runs of equal length, one or two).

use super::Inline;
use crate::render::syntax::is_punctuation;

/// A run of `*`, `_` or `~` that may open or close emphasis.
pub(super) struct Delimiter {
    marker: u8,
    /// Markers not used by a match yet.
    count: usize,
    /// Length of the run as written, for the rule of three.
    original: usize,
    pub can_open: bool,
    pub can_close: bool,
    /// Tags closed before the remaining markers, innermost first.
    closes: Vec<&'static str>,
    /// Tags opened after the remaining markers, innermost first.
    opens: Vec<&'static str>,
}

impl Delimiter {
    /// Classifies a run of `count` markers by the characters around it
    /// (`None` at the start or end of the text).
    pub fn new(marker: u8, count: usize, before: Option<char>, after: Option<char>) -> Self {
        let before_space = before.is_none_or(char::is_whitespace);
        let after_space = after.is_none_or(char::is_whitespace);
        let before_punctuation = before.is_some_and(is_punctuation);
        let after_punctuation = after.is_some_and(is_punctuation);
        let left = !after_space && (!after_punctuation || before_space || before_punctuation);
        let right = !before_space && (!before_punctuation || after_space || after_punctuation);

        // `_` inside a word (snake_case) neither opens nor closes.
        let (can_open, can_close) = if marker == b'_' {
            (left && (!right || before_punctuation), right && (!left || after_punctuation))
        } else {
            (left, right)
        };
        Self { marker, count, original: count, can_open, can_close, closes: Vec::new(), opens: Vec::new() }
    }

    /// Writes the closing tags, the unused markers, then the opening tags.
    pub fn write(&mut self, out: &mut Vec<Inline>) {
        out.extend(self.closes.drain(..).map(Inline::End));
        if self.count > 0 {
            out.push(Inline::Text(char::from(self.marker).to_string().repeat(self.count)));
        }
        out.extend(self.opens.drain(..).rev().map(Inline::Start));
    }

    /// True when `self` can open the emphasis that `closer` closes.
    fn matches(&self, closer: &Delimiter) -> bool {
        if self.marker != closer.marker || !self.can_open {
            return false;
        }
        if self.marker == b'~' {
            return self.count == closer.count;
        }

        // The rule of three: a run that can both open and close matches only
        // if the lengths do not add up to a multiple of three, unless both
        // are multiples of three.
        let both_ways = closer.can_open || self.can_close;
        !(both_ways && closer.original % 3 != 0 && (self.original + closer.original) % 3 == 0)
    }

    /// Index of the search bound shared by closers that match alike.
    fn bound_slot(&self) -> usize {
        let marker = match self.marker {
            b'*' => 0,
            b'_' => 1,
            _ => 2,
        };
        marker * 6 + usize::from(self.can_open) * 3 + self.original % 3
    }
}

/// Matches the delimiter runs on `stack` above `bottom`, closer by closer,
/// and removes them from the stack. The stack holds indices into `runs`,
/// in document order.
pub(super) fn process(runs: &mut [Delimiter], stack: &mut Vec<usize>, bottom: usize) {
    // After a closer finds no opener, later closers of its kind skip the
    // openers before it, which keeps the search linear.
    let mut lower_bounds = [0_usize; 18];
    // Runs before the current closer that may still open, in document
    // order. Matching removes openers only from its end, so no step
    // shifts the runs still to come.
    let mut openers: Vec<usize> = Vec::new();
    let pending: Vec<usize> = stack.drain(bottom..).collect();
    let mut next = 0;

    while let Some(&closer) = pending.get(next) {
        if !runs[closer].can_close {
            openers.push(closer);
            next += 1;
            continue;
        }
        let slot = runs[closer].bound_slot();
        let opener_position = (0..openers.len())
            .rev()
            .take_while(|&position| openers[position] >= lower_bounds[slot])
            .find(|&position| runs[openers[position]].matches(&runs[closer]));

        let Some(opener_position) = opener_position else {
            lower_bounds[slot] = closer;
            if runs[closer].can_open {
                openers.push(closer);
            }
            next += 1;
            continue;
        };

        let opener = openers[opener_position];
        let (opener_count, closer_count) = (runs[opener].count, runs[closer].count);
        let (used, tag) = match runs[closer].marker {
            b'~' => (closer_count, "del"),
            _ if opener_count >= 2 && closer_count >= 2 => (2, "strong"),
            _ => (1, "em"),
        };
        runs[opener].count -= used;
        runs[opener].opens.push(tag);
        runs[closer].count -= used;
        runs[closer].closes.push(tag);

        // Delimiters between the two can no longer match across them.
        openers.truncate(opener_position + 1);
        if opener_count == used {
            openers.pop();
        }
        // A closer with delimiters left looks for another opener.
        if closer_count == used {
            next += 1;
        }
    }
}
