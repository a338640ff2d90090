//! `zmq_proxy` and `zmq_proxy_steerable`: shuttle messages between a
//! frontend and a backend socket, optionally copying every frame to a
//! capture socket and obeying PAUSE / RESUME / TERMINATE / STATISTICS on a
//! control socket.

use std::os::fd::RawFd;

use ferromq_zmtp::SocketType;

use crate::error::{Error, Result};
use crate::msg::Msg;
use crate::opt::*;
use crate::poll::{poll_with, Items};
use crate::socket::Socket;

/// The sockets a proxy works on. `frontend` and `backend` may be the same
/// socket (C allows it), hence accessors rather than references.
pub trait ProxySockets {
    /// The frontend socket.
    fn frontend(&mut self) -> Result<&mut Socket>;
    /// The backend socket.
    fn backend(&mut self) -> Result<&mut Socket>;
    /// The capture socket, if any.
    fn capture(&mut self) -> Result<Option<&mut Socket>>;
    /// The control socket, if any.
    fn control(&mut self) -> Result<Option<&mut Socket>>;
    /// Whether frontend and backend are the same socket.
    fn same(&self) -> bool;
}

/// Proxy over three or four distinct sockets, for Rust callers.
pub struct Sockets<'a> {
    /// Frontend.
    pub frontend: &'a mut Socket,
    /// Backend.
    pub backend: &'a mut Socket,
    /// Capture.
    pub capture: Option<&'a mut Socket>,
    /// Control.
    pub control: Option<&'a mut Socket>,
}

impl ProxySockets for Sockets<'_> {
    fn frontend(&mut self) -> Result<&mut Socket> {
        Ok(self.frontend)
    }
    fn backend(&mut self) -> Result<&mut Socket> {
        Ok(self.backend)
    }
    fn capture(&mut self) -> Result<Option<&mut Socket>> {
        Ok(self.capture.as_deref_mut())
    }
    fn control(&mut self) -> Result<Option<&mut Socket>> {
        Ok(self.control.as_deref_mut())
    }
    fn same(&self) -> bool {
        false
    }
}

#[derive(Default, Clone, Copy)]
struct Stats {
    msg_in: u64,
    bytes_in: u64,
    msg_out: u64,
    bytes_out: u64,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Front,
    Back,
    Control,
}

fn sock<S: ProxySockets + ?Sized>(s: &mut S, r: Role) -> Result<&mut Socket> {
    match r {
        Role::Front => s.frontend(),
        Role::Back => s.backend(),
        Role::Control => s.control()?.ok_or(Error::Fault),
    }
}

struct PollSet<'a, S: ?Sized> {
    s: &'a mut S,
    roles: Vec<Role>,
    events: i16,
    revents: Vec<i16>,
}

impl<S: ProxySockets + ?Sized> Items for PollSet<'_, S> {
    fn len(&self) -> usize {
        self.roles.len()
    }
    fn plain_fd(&self, _i: usize) -> Option<RawFd> {
        None
    }
    fn socket_fd(&mut self, i: usize) -> Result<RawFd> {
        Ok(sock(self.s, self.roles[i])?.fd())
    }
    fn socket_events(&mut self, i: usize) -> Result<i16> {
        sock(self.s, self.roles[i])?.events()
    }
    fn events(&self, _i: usize) -> i16 {
        self.events
    }
    fn set_revents(&mut self, i: usize, revents: i16) {
        self.revents[i] = revents;
    }
}

const BURST: usize = 1000;

/// Runs the proxy until the context terminates (`Err(Term)`) or, with a
/// control socket, until TERMINATE (`Ok`).
pub fn run<S: ProxySockets + ?Sized>(s: &mut S) -> Result<()> {
    let mut stats = [Stats::default(); 2];
    let mut paused = false;
    let has_control = s.control()?.is_some();
    let mut roles = vec![Role::Front, Role::Back];
    if has_control {
        roles.push(Role::Control);
    }
    loop {
        let mut pin = PollSet {
            s: &mut *s,
            roles: roles.clone(),
            events: ZMQ_POLLIN,
            revents: vec![0; roles.len()],
        };
        poll_with(&mut pin, -1)?;
        let rin = pin.revents;
        let mut rout = [0i16; 2];
        if !paused {
            let mut pout = PollSet {
                s: &mut *s,
                roles: vec![Role::Front, Role::Back],
                events: ZMQ_POLLOUT,
                revents: vec![0; 2],
            };
            poll_with(&mut pout, 0)?;
            rout = [pout.revents[0], pout.revents[1]];
        }
        if has_control && rin[2] & ZMQ_POLLIN != 0 {
            let ctl = s.control()?.ok_or(Error::Fault)?;
            match control(ctl, &stats)? {
                Control::Pause => paused = true,
                Control::Resume => paused = false,
                Control::Terminate => return Ok(()),
                Control::Other => {}
            }
        }
        let same = s.same();
        if !paused && rin[0] & ZMQ_POLLIN != 0 && (same || rout[1] & ZMQ_POLLOUT != 0) {
            forward(s, Role::Front, Role::Back, &mut stats)?;
        }
        if !paused && !same && rin[1] & ZMQ_POLLIN != 0 && rout[0] & ZMQ_POLLOUT != 0 {
            forward(s, Role::Back, Role::Front, &mut stats)?;
        }
    }
}

/// What a control command asks for.
enum Control {
    Pause,
    Resume,
    Terminate,
    /// STATISTICS (answered) or an unknown command.
    Other,
}

/// Reads one command from the control socket and answers it as libzmq
/// 4.3.5 does: STATISTICS with its 8 frames; any other command (known or
/// not) with one empty frame when the control socket is a REP, which must
/// answer before it can read the next command (a REQ controller would
/// hang otherwise). libzmq 4.3.5 sends that empty reply on every socket
/// type and swaps PAUSE and RESUME (its handle_control compares "PAUSE"
/// wrongly): both are bugs fixed upstream right after the release
/// (libzmq commits f8b3cc81 and 058ad60b), so PAUSE pauses here and other
/// socket types (PAIR, SUB, ...) get no reply, as in 4.3.4 and since.
fn control(ctl: &mut Socket, stats: &[Stats; 2]) -> Result<Control> {
    let cmd = ctl.recv(0)?;
    // Drop any further frames of a multipart command.
    let mut more = cmd.more();
    while more {
        more = ctl.recv(0)?.more();
    }
    let what = match cmd.as_slice() {
        b"PAUSE" => Control::Pause,
        b"RESUME" => Control::Resume,
        b"TERMINATE" => Control::Terminate,
        b"STATISTICS" => {
            let vals = [
                stats[0].msg_in,
                stats[0].bytes_in,
                stats[0].msg_out,
                stats[0].bytes_out,
                stats[1].msg_in,
                stats[1].bytes_in,
                stats[1].msg_out,
                stats[1].bytes_out,
            ];
            for (i, v) in vals.iter().enumerate() {
                let mut m = Msg::from_slice(&v.to_ne_bytes());
                let flags = if i < vals.len() - 1 { ZMQ_SNDMORE } else { 0 };
                ctl.send(&mut m, flags)?;
            }
            return Ok(Control::Other);
        }
        _ => Control::Other,
    };
    if ctl.socket_type() == SocketType::Rep {
        ctl.send(&mut Msg::new(), 0)?;
    }
    Ok(what)
}

fn forward<S: ProxySockets + ?Sized>(
    s: &mut S,
    from: Role,
    to: Role,
    stats: &mut [Stats; 2],
) -> Result<()> {
    let (fi, ti) = if from == Role::Front { (0, 1) } else { (1, 0) };
    for i in 0..BURST {
        loop {
            let mut m = match sock(s, from)?.recv(ZMQ_DONTWAIT) {
                Ok(m) => m,
                Err(Error::Again) if i > 0 => return Ok(()),
                Err(e) => return Err(e),
            };
            // libzmq 4.3.5 counts frames, not messages (4.3.4 counted a
            // multipart message once).
            let size = m.len() as u64;
            stats[fi].msg_in += 1;
            stats[fi].bytes_in += size;
            let more = m.more();
            let flags = if more { ZMQ_SNDMORE } else { 0 };
            if let Some(cap) = s.capture()? {
                let mut c = m.share();
                cap.send(&mut c, flags)?;
            }
            sock(s, to)?.send(&mut m, flags)?;
            stats[ti].msg_out += 1;
            stats[ti].bytes_out += size;
            if !more {
                break;
            }
        }
    }
    Ok(())
}
