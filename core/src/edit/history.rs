//! Undo and redo over whole values.
//!
//! The workbench keeps snapshots of the design rather than inverse
//! operations: a design is small (a 1,000-model design clones in about a
//! millisecond), snapshots cannot drift out of step with the edits, and every
//! edit, however it was made, can be undone the same way.

use std::collections::VecDeque;

/// Undo/redo stacks of snapshots, each with a label saying what the edit
/// was ("Add src_new__model"). The oldest snapshots are dropped past `limit`.
#[derive(Clone, Debug)]
pub struct History<T> {
    undo: VecDeque<(String, T)>,
    redo: Vec<(String, T)>,
    limit: usize,
}

impl<T> History<T> {
    /// An empty history keeping at most `limit` undo steps (at least one).
    pub fn new(limit: usize) -> History<T> {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Records `before`, the state an edit labelled `label` started from.
    /// A new edit clears what could be redone.
    pub fn record(&mut self, label: impl Into<String>, before: T) {
        self.redo.clear();
        self.undo.push_back((label.into(), before));
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
    }

    /// Steps back: puts the state before the last edit into `current` and
    /// returns that edit's label, or `None` (leaving `current` alone) when
    /// there is nothing to undo.
    pub fn undo(&mut self, current: &mut T) -> Option<String> {
        let (label, before) = self.undo.pop_back()?;
        let after = std::mem::replace(current, before);
        self.redo.push((label.clone(), after));
        Some(label)
    }

    /// Steps forward again after an undo, like [`undo`](History::undo).
    pub fn redo(&mut self, current: &mut T) -> Option<String> {
        let (label, after) = self.redo.pop()?;
        let before = std::mem::replace(current, after);
        self.undo.push_back((label.clone(), before));
        Some(label)
    }

    /// The label of the edit [`undo`](History::undo) would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|(label, _)| label.as_str())
    }

    /// The label of the edit [`redo`](History::redo) would make again.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|(label, _)| label.as_str())
    }

    /// Forgets everything (a different design was opened).
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
    }
}
