# CMake package configuration for ferromq (ZeroMQ in Rust, a drop-in
# libzmq 4.3), installed by `make install` to PREFIX/lib/cmake/ZeroMQ/.
#
#   find_package(ZeroMQ CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE libzmq)          # libzmq.so.5
#   target_link_libraries(app PRIVATE libzmq-static)   # libzmq.a
#
# The names are libzmq's own, so projects written for libzmq (cppzmq's
# cppzmq / cppzmq-static targets among them) build unchanged:
#
#   libzmq          imported shared library (SONAME libzmq.so.5)
#   libzmq-static   imported static library; brings the system libraries
#                   it needs (threads, libgcc_s's unwinder, rt, m, dl) and
#                   ZMQ_STATIC, as libzmq's does
#   ZeroMQ_FOUND, ZeroMQ_VERSION, ZeroMQ_INCLUDE_DIR, ZeroMQ_LIBRARY,
#   ZeroMQ_STATIC_LIBRARY
#
# The file locates the installation from its own path, so an installed
# tree can be moved (DESTDIR, a copied prefix).

get_filename_component(_ferromq_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)

set(ZeroMQ_VERSION 4.3.5)
set(ZeroMQ_INCLUDE_DIR "${_ferromq_prefix}/include")
set(ZeroMQ_LIBRARY "${_ferromq_prefix}/lib/libzmq.so.5.2.5")
set(ZeroMQ_STATIC_LIBRARY "${_ferromq_prefix}/lib/libzmq.a")

foreach(_ferromq_file IN ITEMS "${ZeroMQ_INCLUDE_DIR}/zmq.h" "${ZeroMQ_LIBRARY}" "${ZeroMQ_STATIC_LIBRARY}")
  if(NOT EXISTS "${_ferromq_file}")
    set(ZeroMQ_FOUND FALSE)
    set(ZeroMQ_NOT_FOUND_MESSAGE "ferromq installation incomplete: ${_ferromq_file} is missing")
    unset(_ferromq_file)
    unset(_ferromq_prefix)
    return()
  endif()
endforeach()
unset(_ferromq_file)

if(NOT TARGET libzmq)
  add_library(libzmq SHARED IMPORTED)
  set_target_properties(libzmq PROPERTIES
    IMPORTED_LOCATION "${ZeroMQ_LIBRARY}"
    IMPORTED_SONAME "libzmq.so.5"
    INTERFACE_INCLUDE_DIRECTORIES "${ZeroMQ_INCLUDE_DIR}")
endif()

if(NOT TARGET libzmq-static)
  include(CMakeFindDependencyMacro)
  set(THREADS_PREFER_PTHREAD_FLAG ON)
  find_dependency(Threads)
  add_library(libzmq-static STATIC IMPORTED)
  set_target_properties(libzmq-static PROPERTIES
    IMPORTED_LOCATION "${ZeroMQ_STATIC_LIBRARY}"
    IMPORTED_LINK_INTERFACE_LANGUAGES "C"
    INTERFACE_INCLUDE_DIRECTORIES "${ZeroMQ_INCLUDE_DIR}"
    INTERFACE_COMPILE_DEFINITIONS "ZMQ_STATIC"
    INTERFACE_LINK_LIBRARIES "Threads::Threads;gcc_s;util;rt;m;dl")
endif()

unset(_ferromq_prefix)
set(ZeroMQ_FOUND TRUE)
