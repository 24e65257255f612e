//! [`SlotWriter`]: the per-thread scratch buffer in which one slot's text is composed.

use super::text::Text;
use super::tree::Dynamic;
use std::cell::Cell;

/// A reused per-thread buffer for composing one slot's text, so a short slot costs no heap
/// allocation at all (the result is copied into an inline [`Text`] or a list's text buffer).
///
/// Re-entrant: a writer created while another is alive (a user `Display` impl that renders
/// `html!`) simply starts from a fresh buffer. The built-in slot paths never nest writers.
#[derive(Debug)]
pub struct SlotWriter(String);

/// The largest buffer worth keeping for the next slot.
const KEEP: usize = 4096;

thread_local! {
    static SCRATCH: Cell<String> = const { Cell::new(String::new()) };
}

impl SlotWriter {
    /// Takes the thread's buffer (empty).
    #[inline]
    pub fn new() -> Self {
        let mut buf = SCRATCH.take();
        buf.clear();
        SlotWriter(buf)
    }

    /// The buffer to write into.
    #[inline]
    pub fn buf(&mut self) -> &mut String {
        &mut self.0
    }

    /// The written text as a slot.
    #[inline]
    pub fn finish(self) -> Dynamic {
        Dynamic::Text(Text::new(&self.0))
    }
}

impl Default for SlotWriter {
    fn default() -> Self {
        SlotWriter::new()
    }
}

impl Drop for SlotWriter {
    fn drop(&mut self) {
        // Keep a modest buffer for the next slot; let a huge one go.
        if self.0.capacity() <= KEEP {
            SCRATCH.set(std::mem::take(&mut self.0));
        }
    }
}
