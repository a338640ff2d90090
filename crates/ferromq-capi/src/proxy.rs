//! `zmq_proxy`, `zmq_proxy_steerable` and the deprecated `zmq_device`.

use std::os::raw::{c_int, c_void};

use ferromq::proxy::{self, ProxySockets};
use ferromq::Socket;

use crate::boundary::ffi_guard;
use crate::handle;

/// The C sockets. Plain ones are looked up afresh on each use, so that
/// frontend and backend may be the same handle and a socket closed by
/// another thread meanwhile reads as ENOTSOCK; a thread-safe one is locked
/// at its first use and stays locked, for the proxy alone, until the proxy
/// returns (other threads' calls on it wait until then).
struct CSockets {
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
    held: Vec<(*mut c_void, ferromq::SharedGuard<'static>)>,
}

impl CSockets {
    fn get(&mut self, p: *mut c_void) -> ferromq::Result<&mut Socket> {
        if let Some(i) = self.held.iter().position(|(q, _)| *q == p) {
            return Ok(&mut self.held[i].1);
        }
        // SAFETY: the pointers are socket handles (checked by `run`); a
        // plain socket's borrow ends before the next accessor call.
        match unsafe { handle::socket(p) } {
            Ok(handle::SockRef::Plain(s)) => Ok(s),
            Ok(handle::SockRef::Shared(g)) => {
                self.held.push((p, g));
                let last = self.held.len() - 1;
                Ok(&mut self.held[last].1)
            }
            Err(e) => Err(ferromq::Error::from_errno(e)),
        }
    }
}

impl ProxySockets for CSockets {
    fn frontend(&mut self) -> ferromq::Result<&mut Socket> {
        self.get(self.frontend)
    }
    fn backend(&mut self) -> ferromq::Result<&mut Socket> {
        self.get(self.backend)
    }
    fn capture(&mut self) -> ferromq::Result<Option<&mut Socket>> {
        if self.capture.is_null() {
            return Ok(None);
        }
        self.get(self.capture).map(Some)
    }
    fn control(&mut self) -> ferromq::Result<Option<&mut Socket>> {
        if self.control.is_null() {
            return Ok(None);
        }
        self.get(self.control).map(Some)
    }
    fn same(&self) -> bool {
        self.frontend == self.backend
    }
}

fn run(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> Result<c_int, c_int> {
    if frontend.is_null() || backend.is_null() {
        return Err(libc::EFAULT);
    }
    for p in [frontend, backend, capture, control] {
        // SAFETY: non-NULL pointers must be socket handles.
        if !p.is_null() && !unsafe { handle::is_socket(p) } {
            return Err(libc::ENOTSOCK);
        }
    }
    let mut s = CSockets {
        frontend,
        backend,
        capture,
        control,
        held: Vec::new(),
    };
    proxy::run(&mut s).map_err(|e| e.errno())?;
    Ok(0)
}

/// Runs a proxy until the context is terminated (-1, ETERM).
#[no_mangle]
pub unsafe extern "C" fn zmq_proxy(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
) -> c_int {
    ffi_guard(-1, || run(frontend, backend, capture, std::ptr::null_mut()))
}

/// Runs a proxy steered by a control socket; returns 0 after TERMINATE.
#[no_mangle]
pub unsafe extern "C" fn zmq_proxy_steerable(
    frontend: *mut c_void,
    backend: *mut c_void,
    capture: *mut c_void,
    control: *mut c_void,
) -> c_int {
    ffi_guard(-1, || run(frontend, backend, capture, control))
}

/// Deprecated: `zmq_proxy(frontend, backend, NULL)`; `type_` is ignored.
#[no_mangle]
pub unsafe extern "C" fn zmq_device(
    type_: c_int,
    frontend: *mut c_void,
    backend: *mut c_void,
) -> c_int {
    let _ = type_;
    ffi_guard(-1, || {
        run(
            frontend,
            backend,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
        )
    })
}
