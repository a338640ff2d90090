mod util;
use ferromq::{sockopt, SocketType, DONTWAIT};
use util::*;
fn count(push_binds: bool, bind_first: bool, snd: i32, rcv: i32) -> u32 {
    let ctx = ctx();
    let ep = inproc_endpoint();
    let mut pull = socket(&ctx, SocketType::Pull);
    pull.set(sockopt::RCVHWM, rcv).unwrap();
    let mut push = socket(&ctx, SocketType::Push);
    push.set(sockopt::SNDHWM, snd).unwrap();
    let (b, c) = if push_binds {
        (&mut push, &mut pull)
    } else {
        (&mut pull, &mut push)
    };
    if bind_first {
        b.bind(&ep).unwrap();
        c.connect(&ep).unwrap();
    } else {
        c.connect(&ep).unwrap();
        b.bind(&ep).unwrap();
    }
    let mut n = 0;
    while push.send_bytes(b"x", DONTWAIT).is_ok() {
        n += 1;
        if n > 1000 {
            break;
        }
    }
    n
}
#[test]
fn t() {
    for pb in [false, true] {
        for bf in [true, false] {
            println!(
                "push_binds={pb} bind_first={bf}: 2/3 -> {}  1/1 -> {}",
                count(pb, bf, 2, 3),
                count(pb, bf, 1, 1)
            );
        }
    }
}
