//! Constants of zmq.h.
