//! What every step of a run shares: the transport, the retry policy, the
//! jitter source and the event sink.
//!
//! The event sink sits in a `RefCell` so that a retry loop and the call it
//! retries (which streams text) can both report events without passing one
//! `&mut` around; events are only ever emitted one at a time.

use std::cell::{Cell, RefCell};

use super::{RetryPolicy, RunEvent, RunOptions};
use crate::transport::Transport;

pub(super) struct RunContext<'a, T: Transport> {
    pub transport: &'a T,
    pub policy: RetryPolicy,
    /// State of the SplitMix64 generator behind the backoff jitter.
    jitter: Cell<u64>,
    sink: RefCell<&'a mut dyn FnMut(RunEvent)>,
}

impl<'a, T: Transport> RunContext<'a, T> {
    pub fn new(transport: &'a T, options: &RunOptions, sink: &'a mut dyn FnMut(RunEvent)) -> Self {
        Self { transport, policy: options.retry, jitter: Cell::new(options.seed), sink: RefCell::new(sink) }
    }

    /// Reports an event to the user interface.
    pub fn emit(&self, event: RunEvent) {
        (self.sink.borrow_mut())(event);
    }

    /// Returns the next jitter value, uniform in `[0, 1)`. SplitMix64 needs
    /// no entropy source of its own, which wasm lacks without extra crates;
    /// the seed comes from the caller.
    pub fn jitter(&self) -> f64 {
        let state = self.jitter.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.jitter.set(state);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1_u64 << 53) as f64
    }
}
