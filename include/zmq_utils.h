/*  ferromq: ZeroMQ in Rust, a drop-in replacement for libzmq.
    SPDX-License-Identifier: MPL-2.0

    zmq_utils.h is deprecated, as in libzmq 4.3: everything it used to declare
    (stopwatch, sleep, threads, Z85, CURVE keys, atomic counters) is in zmq.h.
    Including it only prints a reminder; it declares and includes nothing, so
    it cannot change what a program sees. Pragmas and messages are not
    portable, so other compilers get nothing at all. GCC shows the message as
    a note, which -Werror leaves alone.                                       */

#ifndef __ZMQ_UTILS_H_INCLUDED__
#define __ZMQ_UTILS_H_INCLUDED__

#if defined __GNUC__ || defined __clang__ || defined _MSC_VER
#pragma message("zmq_utils.h is deprecated: include zmq.h, which declares everything it did")
#endif

#endif /* __ZMQ_UTILS_H_INCLUDED__ */
