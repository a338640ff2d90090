//! `zmq_join` / `zmq_leave` (draft): group membership of a DISH.

use super::Socket;
use crate::error::Result;

impl Socket {
    /// Joins a group (DISH only; others fail with ENOTSUP). EINVAL for a
    /// group over 255 bytes or one already joined.
    pub fn join(&mut self, group: &[u8]) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        let r = self.proto.join(&mut self.pipes, group);
        self.reap();
        r
    }

    /// Leaves a group (DISH only; others fail with ENOTSUP). EINVAL for a
    /// group over 255 bytes or one not joined.
    pub fn leave(&mut self, group: &[u8]) -> Result<()> {
        self.check_term()?;
        self.process_commands()?;
        let r = self.proto.leave(&mut self.pipes, group);
        self.reap();
        r
    }
}
