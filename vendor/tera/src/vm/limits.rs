//! Render limits (a bangvang patch, see PATCHED.md): a budget of steps per
//! render, and a cap on the bytes of any string a render builds. Both are
//! counted, not timed, so a template fails the same way every time.

use std::cell::Cell;
use std::io::{self, Write};
use std::rc::Rc;

use crate::value::{Value, ValueInner};

/// Bytes charged as one step (about what one instruction costs) when they
/// are only copied or compared...
const COPIED_PER_STEP: usize = 64;
/// ...and when they are worked on one by one: escaped, or passed to a filter.
const WORKED_PER_STEP: usize = 4;

/// Steps charged for an include or a component call: setting up the new
/// scope costs about this many instructions.
pub(crate) const CALL_STEPS: u64 = 16;

/// The limits every render of a `Tera` runs under; unlimited by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RenderLimits {
    pub(crate) steps: u64,
    pub(crate) bytes: usize,
}

impl Default for RenderLimits {
    fn default() -> Self {
        Self {
            steps: u64::MAX,
            bytes: usize::MAX,
        }
    }
}

/// Which limit a render ran into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// More steps than `Tera::set_render_limits` allows.
    Steps,
    /// A string or the output longer than `Tera::set_render_limits` allows.
    Bytes,
}

/// The steps left in one render, shared by the VMs of its includes,
/// components and blocks.
#[derive(Clone, Debug)]
pub(crate) struct Budget {
    left: Rc<Cell<u64>>,
    pub(crate) limits: RenderLimits,
}

impl Budget {
    pub(crate) fn new(limits: RenderLimits) -> Self {
        Self {
            left: Rc::new(Cell::new(limits.steps)),
            limits,
        }
    }

    /// Takes `n` steps; false once the budget is spent (and from then on).
    pub(crate) fn charge(&self, n: u64) -> bool {
        let left = self.left.get();
        if n > left {
            self.left.set(0);
            false
        } else {
            self.left.set(left - n);
            true
        }
    }

    /// Charges copying `n` bytes.
    pub(crate) fn charge_bytes(&self, n: usize) -> bool {
        self.charge((n / COPIED_PER_STEP) as u64)
    }

    /// Charges copying or comparing `value`: see `walk`.
    pub(crate) fn charge_value(&self, value: &Value) -> bool {
        self.walk(value, COPIED_PER_STEP)
    }

    /// Charges escaping `value` or passing it to a filter: see `walk`.
    pub(crate) fn charge_work(&self, value: &Value) -> bool {
        self.walk(value, WORKED_PER_STEP)
    }

    /// Charges copying the top level of `value` (slicing it, collecting its
    /// entries); a string's characters are collected one by one.
    pub(crate) fn charge_shallow(&self, value: &Value) -> bool {
        match &value.inner {
            ValueInner::Array(a) => self.charge(a.len() as u64),
            ValueInner::Map(m) => self.charge(m.len() as u64),
            _ => self.charge_work(value),
        }
    }

    /// Charges what walking `value` costs: a step per element and entry at
    /// every depth, plus its strings' bytes. Stops at the end of the budget,
    /// so a value shared many times over (`[l, l]` nested) costs no more than
    /// the budget to refuse.
    fn walk(&self, value: &Value, bytes_per_step: usize) -> bool {
        // Most values are leaves: charge them without allocating.
        match &value.inner {
            ValueInner::String(s) => {
                return self.charge((s.as_str().len() / bytes_per_step) as u64);
            }
            ValueInner::Bytes(b) => return self.charge((b.len() / bytes_per_step) as u64),
            ValueInner::Array(_) | ValueInner::Map(_) => {}
            _ => return true,
        }
        let mut todo = vec![value];
        while let Some(v) = todo.pop() {
            let n = match &v.inner {
                ValueInner::String(s) => 1 + s.as_str().len() / bytes_per_step,
                ValueInner::Bytes(b) => 1 + b.len() / bytes_per_step,
                ValueInner::Array(a) => {
                    todo.extend(a.iter());
                    1
                }
                ValueInner::Map(m) => {
                    todo.extend(m.values());
                    1 + m.len()
                }
                _ => 1,
            };
            if !self.charge(n as u64) {
                return false;
            }
        }
        true
    }
}

/// The error a [`Capped`] writer returns past its cap.
#[derive(Debug)]
struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the render limit on bytes was reached")
    }
}

impl std::error::Error for TooLarge {}

pub(crate) fn is_too_large(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|e| e.is::<TooLarge>())
}

/// A writer that refuses to hold more than `max` bytes in all.
pub(crate) struct Capped<W> {
    inner: W,
    written: usize,
    max: usize,
}

impl<W: Write> Capped<W> {
    pub(crate) fn new(inner: W, max: usize) -> Self {
        Self {
            inner,
            written: 0,
            max,
        }
    }
}

impl<'a> Capped<&'a mut Vec<u8>> {
    /// Caps a buffer that may already hold some bytes.
    pub(crate) fn buffer(buf: &'a mut Vec<u8>, max: usize) -> Self {
        let written = buf.len();
        Self {
            inner: buf,
            written,
            max,
        }
    }
}

impl<W: Write> Write for Capped<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() > self.max.saturating_sub(self.written) {
            return Err(io::Error::other(TooLarge));
        }
        let n = self.inner.write(buf)?;
        self.written += n;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
