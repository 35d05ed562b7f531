//! Token estimates and the input budget of a call.
//!
//! The core has no tokenizer for the many models it talks to, so it
//! estimates: about three characters per token for ASCII text (English
//! prose averages nearer four, URLs and code nearer three), one token per
//! CJK, Hangul or similar character, and one per two other characters. The
//! estimate errs high on purpose: an article that is split once too often
//! costs one request, one that overflows costs a failed run or, on Ollama,
//! a silently cut prompt.

/// Tokens a chat request costs beyond its text: role markers and the chat
/// template of each message.
pub const MESSAGE_OVERHEAD_TOKENS: u64 = 32;

/// Share of the context window kept free for estimation error, in percent.
const SAFETY_MARGIN_PERCENT: u64 = 5;

/// Smallest input budget a call plans with, in tokens; below it the article
/// would need absurdly many parts.
pub const MIN_INPUT_TOKENS: u64 = 256;

/// Returns a conservative estimate of the tokens in `text`.
pub fn estimate_tokens(text: &str) -> u64 {
    let mut count = TokenCount::default();
    text.chars().for_each(|c| count.add(c));
    count.tokens()
}

/// Characters counted by class, for an estimate that grows one character
/// at a time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenCount {
    ascii: u64,
    wide: u64,
    other: u64,
}

impl TokenCount {
    /// Counts one more character.
    pub fn add(&mut self, c: char) {
        if c.is_ascii() {
            self.ascii += 1;
        } else if is_wide(c) {
            self.wide += 1;
        } else {
            self.other += 1;
        }
    }

    /// Returns the estimated tokens of the characters counted.
    pub fn tokens(&self) -> u64 {
        self.ascii.div_ceil(3) + self.wide + self.other.div_ceil(2)
    }
}

/// True for characters that tokenizers usually spend a token or more on:
/// CJK ideographs and punctuation, kana, Hangul, Thai, and emoji.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0E7F       // Thai
        | 0x1100..=0x11FF     // Hangul Jamo
        | 0x2E80..=0x9FFF     // CJK radicals, punctuation, kana, ideographs
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7AF     // Hangul syllables
        | 0xF900..=0xFAFF
        | 0xFF00..=0xFFEF     // full-width forms
        | 0x1F000..=0x1FAFF   // emoji
        | 0x20000..=0x3FFFF)
}

/// The token limits one call must respect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Context window of the model, in tokens.
    pub context: u64,
    /// Output tokens reserved for the answer.
    pub output: u64,
}

impl Budget {
    /// Returns the tokens left for the user message once the instruction,
    /// the answer and the margins are set aside; never below
    /// [`MIN_INPUT_TOKENS`].
    pub fn input_tokens(&self, instruction: &str) -> u64 {
        let usable = self.context - self.context * SAFETY_MARGIN_PERCENT / 100;
        let reserved = self.output + estimate_tokens(instruction) + 2 * MESSAGE_OVERHEAD_TOKENS;
        usable.saturating_sub(reserved).max(MIN_INPUT_TOKENS)
    }

    /// True when a call with this instruction and input fits.
    pub fn fits(&self, instruction: &str, input: &str) -> bool {
        estimate_tokens(input) <= self.input_tokens(instruction)
    }

    /// Returns the budget after a provider rejected a request as too long:
    /// its stated window when it named one that is smaller, else three
    /// quarters of this one.
    pub fn shrunk(&self, stated_limit: Option<u64>) -> Budget {
        let context = match stated_limit {
            Some(limit) if limit < self.context => limit,
            _ => self.context * 3 / 4,
        };
        Budget { context, output: self.output.min(context / 2) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_estimate_errs_high() {
        // 44 characters that real tokenizers split into about 10 tokens.
        assert_eq!(estimate_tokens("The quick brown fox jumps over the lazy dog."), 15);
    }

    #[test]
    fn cjk_is_one_token_per_character() {
        assert_eq!(estimate_tokens("日本語の文章です。"), 9);
        assert_eq!(estimate_tokens("한국어 문장"), 6);
    }

    #[test]
    fn other_scripts_count_half() {
        assert_eq!(estimate_tokens("привет"), 3);
    }

    #[test]
    fn input_budget_reserves_output() {
        let budget = Budget { context: 8192, output: 1200 };
        let input = budget.input_tokens("Summarise.");
        assert_eq!(input, 8192 - 409 - 1200 - 4 - 64);
        assert!(budget.fits("Summarise.", &"word ".repeat(1000)));
        assert!(!budget.fits("Summarise.", &"word ".repeat(10_000)));
    }

    #[test]
    fn tiny_context_keeps_minimum() {
        let budget = Budget { context: 1024, output: 1000 };
        assert_eq!(budget.input_tokens("x"), MIN_INPUT_TOKENS);
    }

    #[test]
    fn shrink_uses_stated_limit() {
        let budget = Budget { context: 128_000, output: 4000 };
        assert_eq!(budget.shrunk(Some(8192)), Budget { context: 8192, output: 4000 });
        assert_eq!(budget.shrunk(None), Budget { context: 96_000, output: 4000 });
        assert_eq!(budget.shrunk(Some(500_000)), Budget { context: 96_000, output: 4000 });
    }
}
