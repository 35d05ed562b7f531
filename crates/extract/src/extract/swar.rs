//! Byte tests on eight bytes at once, in one `u64` (SIMD within a
//! register).
//!
//! The wasm build has no vector instructions, and text measuring, word
//! counting and rendering read every byte of the article's text. These
//! helpers set the high bit of each byte of a word that passes a test,
//! so that `count_ones` counts the bytes and shifts compare neighbours.
//! [`zero_bytes`] and [`equal_bytes`] are exact for any byte. The range
//! tests need every byte to be ASCII, so that their sums carry into no
//! other byte.

/// Eight copies of a byte value, one per byte of a `u64`.
pub const EVERY_BYTE: u64 = 0x0101_0101_0101_0101;

/// The high bit of every byte of a `u64`.
pub const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Reads eight bytes as a little-endian `u64`, so that byte `i` of
/// `bytes` is byte `i` of the word and shifting left moves bytes forward.
pub fn load(bytes: &[u8]) -> u64 {
    let mut eight = [0u8; 8];
    eight.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(eight)
}

/// Reads up to eight bytes, padded with `padding` after the end.
pub fn load_padded(bytes: &[u8], padding: u8) -> u64 {
    let mut eight = [padding; 8];
    eight[..bytes.len()].copy_from_slice(bytes);
    u64::from_le_bytes(eight)
}

/// Returns the high bit of each byte of `chunk` that is zero.
pub fn zero_bytes(chunk: u64) -> u64 {
    let low_bits_set = (chunk & !HIGH_BITS).wrapping_add(!HIGH_BITS);
    !(low_bits_set | chunk) & HIGH_BITS
}

/// Returns the high bit of each byte of `chunk` equal to `byte`.
pub fn equal_bytes(chunk: u64, byte: u8) -> u64 {
    zero_bytes(chunk ^ (EVERY_BYTE * u64::from(byte)))
}

/// Returns the high bit of each byte of `chunk` from `low` to `high`,
/// both included. `low` must be 1 or more and `high` below 0x80.
pub fn bytes_between(chunk: u64, low: u8, high: u8) -> u64 {
    let at_least_low = chunk.wrapping_add(EVERY_BYTE * u64::from(0x80 - low));
    let above_high = chunk.wrapping_add(EVERY_BYTE * u64::from(0x7F - high));
    at_least_low & !above_high & HIGH_BITS
}

/// Returns the high bit of each byte of `chunk` that is a space or a
/// byte from tab (9) to carriage return (13), vertical tab included:
/// the whitespace of `char::is_whitespace` among ASCII bytes.
pub fn space_bytes(chunk: u64) -> u64 {
    bytes_between(chunk, b'\t', b'\r') | equal_bytes(chunk, b' ')
}

/// Returns the high bit of each byte of `chunk` that is whitespace as
/// `u8::is_ascii_whitespace` takes it: [`space_bytes`] without the
/// vertical tab.
pub fn ascii_whitespace_bytes(chunk: u64) -> u64 {
    space_bytes(chunk) & !equal_bytes(chunk, 0x0B)
}

/// Returns the high bit of each byte of `chunk` that is an ASCII letter
/// or digit.
pub fn alphanumeric_bytes(chunk: u64) -> u64 {
    // Setting bit 5 turns upper-case letters into lower-case ones and
    // moves no other byte into `a..=z`.
    let folded = chunk | (EVERY_BYTE * 0x20);
    bytes_between(folded, b'a', b'z') | bytes_between(chunk, b'0', b'9')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks a byte test on every ASCII byte at every position of a word.
    fn check(test: fn(u64) -> u64, expected: fn(u8) -> bool, name: &str) {
        for byte in 0u8..0x80 {
            for position in 0..8 {
                let mut eight = [b'x'; 8];
                eight[position] = byte;
                let found = test(u64::from_le_bytes(eight));
                for (index, &other) in eight.iter().enumerate() {
                    let bit = found >> (index * 8 + 7) & 1 == 1;
                    assert_eq!(bit, expected(other), "{name} on {other:#04x} at byte {index}");
                }
            }
        }
    }

    #[test]
    fn byte_tests_match_std() {
        check(space_bytes, |byte| char::from(byte).is_whitespace(), "space_bytes");
        check(ascii_whitespace_bytes, |byte| byte.is_ascii_whitespace(), "ascii_whitespace_bytes");
        check(alphanumeric_bytes, |byte| byte.is_ascii_alphanumeric(), "alphanumeric_bytes");
        check(|chunk| equal_bytes(chunk, b','), |byte| byte == b',', "equal_bytes");
        check(|chunk| bytes_between(chunk, 1, 0x7F), |byte| byte >= 1, "bytes_between");
    }
}
