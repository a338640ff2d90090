fn main() {
    // The shared library answers to the same SONAME as libzmq, so binaries
    // linked against either load the other unchanged.
    println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libzmq.so.5");
}
