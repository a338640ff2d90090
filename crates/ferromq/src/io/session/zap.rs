//! The ZAP exchange of a handshake (RFC 27): the request to the handler
//! bound at `inproc://zeromq.zap.01` and its answer.

use ferromq_zmtp::mechanism::{ZapReply, ZapRequest};

use super::{Session, State};
use crate::io::engine::EngineError;
use crate::io::security::{ZapClient, ZAP_TOKEN};
use crate::io::{Io, Status};

impl Session {
    /// Sends the handshake's ZAP request to the handler, or, with none
    /// bound, tells the mechanism so at once. Returns Some(status) if the
    /// session must stop processing.
    pub(super) fn start_zap(&mut self, req: ZapRequest, io: &mut Io<'_>) -> Option<Status> {
        let State::Active(engine) = &self.state else {
            return Some(Status::Keep);
        };
        let o = &self.link.opts;
        let frames = ferromq_zmtp::zap::request_frames(
            &o.zap_domain,
            engine.peer_address().as_bytes(),
            &o.routing_id,
            &req,
        );
        match ZapClient::send(
            &self.link.inproc,
            self.id | ZAP_TOKEN,
            io.mailbox.clone(),
            frames,
        ) {
            // Reading once registers us for the handler's wake-up.
            Some(mut z) => match z.poll() {
                Ok(None) => {
                    self.zap = Some(z);
                    None
                }
                Ok(Some(reply)) => self.zap_answer(Some(reply), io),
                Err(e) => Some(self.engine_failed(EngineError::Protocol(e), io)),
            },
            None => self.zap_answer(None, io),
        }
    }

    /// Hands the handler's answer (None: no handler) to the handshake.
    pub(super) fn zap_answer(
        &mut self,
        reply: Option<ZapReply>,
        io: &mut Io<'_>,
    ) -> Option<Status> {
        let State::Active(engine) = &mut self.state else {
            return Some(Status::Keep);
        };
        match engine.zap_reply(reply) {
            Ok(Some(peer)) => self.ready(Some(&peer), io),
            Ok(None) => None,
            Err(e) => Some(self.engine_failed(e, io)),
        }
    }

    /// The ZAP handler's socket wrote to our ZAP pipe.
    pub(crate) fn on_zap_wake(&mut self, io: &mut Io<'_>) -> Status {
        let st = self.handle_zap_wake(io);
        self.settle(st, io)
    }

    fn handle_zap_wake(&mut self, io: &mut Io<'_>) -> Status {
        let Some(z) = self.zap.as_mut() else {
            return Status::Keep;
        };
        let reply = match z.poll() {
            Ok(None) => return Status::Keep,
            Ok(Some(r)) => r,
            Err(e) => {
                self.zap = None;
                return self.engine_failed(EngineError::Protocol(e), io);
            }
        };
        self.zap = None;
        match self.zap_answer(Some(reply), io) {
            Some(st) => st,
            // Handshake replies are out; input may already be waiting.
            None => self.do_input(io),
        }
    }
}
