//! The seat view of a rule: what it asks of seat counts, as data the options explorer can
//! search without running the rule on every candidate board.
//!
//! Each kind says, in its own file, which seat totals it reads (one per selector) and
//! whether given totals pass. The test must agree with the kind's `check` on a board whose
//! seats are all vacant: a property test compares the explorer with brute force that runs
//! the real checks.

use super::selector::Selector;
use super::Rule;
use crate::model::Board;

/// `n` numbers of scratch space: in `buf` when they fit (no allocation, the usual case:
/// a test reads a handful of totals), else in `heap`.
pub(crate) fn scratch<'a>(
    buf: &'a mut [u64; 8],
    heap: &'a mut Vec<u64>,
    n: usize,
) -> &'a mut [u64] {
    if n <= buf.len() {
        &mut buf[..n]
    } else {
        heap.resize(n, 0);
        heap
    }
}

/// Whether seat totals pass a rule.
pub type Pass = Box<dyn Fn(&[u64]) -> bool + Send + Sync>;

/// What a rule asks of seat counts.
#[non_exhaustive]
pub enum SeatLevel {
    /// The verdict depends only on these seat totals.
    Test(SeatTest),
    /// Seat counts do not change the verdict: offices, terms, a rule that does not apply,
    /// or one that cannot be decided because the board does not state a fact.
    Fixed,
    /// The rule counts people, not seats (named members in office).
    People,
}

/// A rule's verdict as a function of seat totals.
pub struct SeatTest {
    /// The selectors whose seat totals the test reads, in order.
    pub reads: Vec<Selector>,
    /// Whether the totals (one per selector in `reads`) pass.
    pub pass: Pass,
    /// Upper limits on single totals that `pass` implies, as (index into `reads`, most
    /// seats): the explorer uses them to stop early.
    pub caps: Vec<(usize, u64)>,
}

impl SeatLevel {
    /// A test reading `reads`, with no caps.
    pub(crate) fn test(
        reads: Vec<Selector>,
        pass: impl Fn(&[u64]) -> bool + Send + Sync + 'static,
    ) -> Self {
        Self::Test(SeatTest {
            reads,
            pass: Box::new(pass),
            caps: Vec::new(),
        })
    }

    /// Adds an upper limit on the total of `reads[index]`.
    #[must_use]
    pub(crate) fn cap(mut self, index: usize, max: Option<u64>) -> Self {
        if let (Self::Test(t), Some(max)) = (&mut self, max) {
            t.caps.push((index, max));
        }
        self
    }
}

impl Rule {
    /// What the rule asks of seat counts on this board (whose facts are fixed).
    #[must_use]
    pub fn seat_level(&self, board: &Board) -> SeatLevel {
        if let Some(cond) = &self.applies_when {
            if cond.eval(board) != super::selector::Truth::Yes {
                return SeatLevel::Fixed;
            }
        }
        self.kind.seat_level(board)
    }
}
