//! The full check in the background: one thread runs `goal check` on snapshots of the project
//! while the protocol loop goes on answering the editor.

use crate::project::Snapshot;
use crossbeam_channel::{Receiver, Sender, never, unbounded};
use goal_compiler::Diagnostic;

/// A finished check: the snapshot and what the compiler reported on it.
pub type Done = (Snapshot, Vec<Diagnostic>);

/// The checking thread, or none when no thread could be started (then checks run in the
/// protocol loop).
pub struct Worker {
    jobs: Option<Sender<Snapshot>>,
    /// Finished checks, in the order submitted.
    pub done: Receiver<Done>,
}

impl Worker {
    /// Starts the thread.
    pub fn start() -> Worker {
        let (jobs, inbox) = unbounded::<Snapshot>();
        let (outbox, done) = unbounded();
        let spawned = std::thread::Builder::new()
            .name("goal-check".to_owned())
            .spawn(move || {
                for snapshot in inbox {
                    let diagnostics = snapshot.compile();
                    if outbox.send((snapshot, diagnostics)).is_err() {
                        break;
                    }
                }
            });
        match spawned {
            Ok(_) => Worker {
                jobs: Some(jobs),
                done,
            },
            Err(_) => Worker {
                jobs: None,
                done: never(),
            },
        }
    }

    /// Queues a check; gives the snapshot back when there is no thread to run it.
    pub fn submit(&self, snapshot: Snapshot) -> Result<(), Snapshot> {
        match &self.jobs {
            Some(jobs) => jobs.send(snapshot).map_err(|e| e.into_inner()),
            None => Err(snapshot),
        }
    }
}
