#!/usr/bin/env python3
"""Helpers for c-tests/header/check.sh: read a zmq.h through the C
preprocessor and print what it declares, in a form two headers can be
diffed by.

  hdrtool.py macros  HEADER [CFLAGS...]   names of the ZMQ macros it defines
  hdrtool.py values  HEADER NAMESFILE [CFLAGS...]
                                          a C program printing those macros
  hdrtool.py protos  HEADER [CFLAGS...]   normalised zmq_* prototypes,
                                          parameter names dropped
  hdrtool.py decls   HEADER [CFLAGS...]   the zmq_* declarations as written
                                          (for redeclaring them elsewhere)
  hdrtool.py hidden  HEADER [CFLAGS...]   zmq_* functions declared without
                                          default visibility (ZMQ_EXPORT)
  hdrtool.py names   HEADER [CFLAGS...]   every name the header itself
                                          declares: macros, functions,
                                          typedefs, struct tags

CC (default cc) is the preprocessor. Only the standard library is used.
"""

import os
import re
import subprocess
import sys

CC = os.environ.get("CC", "cc")

# errno names zmq.h defines (its own, and fallbacks for platforms lacking
# them); everything else it defines starts with ZMQ_.
ERRNO_NAMES = {
    "EFSM", "ENOCOMPATPROTO", "ETERM", "EMTHREAD",
    "ENOTSUP", "EPROTONOSUPPORT", "ENOBUFS", "ENETDOWN", "EADDRINUSE",
    "EADDRNOTAVAIL", "ECONNREFUSED", "EINPROGRESS", "ENOTSOCK", "EMSGSIZE",
    "EAFNOSUPPORT", "ENETUNREACH", "ECONNABORTED", "ECONNRESET", "ENOTCONN",
    "ETIMEDOUT", "EHOSTUNREACH", "ENETRESET",
}

# Words that are part of a parameter's type, never its name.
TYPE_WORDS = {
    "void", "char", "short", "int", "long", "unsigned", "signed", "const",
    "struct", "size_t", "uint8_t", "uint32_t", "uint64_t", "sigset_t",
}


def preprocess(header, cflags, *extra):
    """The header run through the preprocessor (cflags, then extra flags)."""
    src = '#include "%s"\n' % os.path.abspath(header)
    cmd = [CC, "-E", *extra, *cflags, "-x", "c", "-"]
    return subprocess.run(cmd, input=src, capture_output=True, text=True,
                          check=True).stdout


# ferromq's own constants (ZMQ_FERROMQ_*, see README) are left out of the
# comparisons with libzmq unless FERROMQ_EXT=1 is in the environment.
FERROMQ_EXT = os.environ.get("FERROMQ_EXT") == "1"


def macro_defs(header, cflags):
    """{name: (params or None, body)} of the ZMQ macros the header defines."""
    out = {}
    for line in preprocess(header, cflags, "-dM").splitlines():
        m = re.match(r"#define (\w+)(\([^)]*\))? ?(.*)$", line)
        if not m:
            continue
        name, params, body = m.groups()
        if name == "ZMQ_BUILD_DRAFT_API":
            continue  # the program's switch, not the header's
        if name.startswith("ZMQ_FERROMQ_") and not FERROMQ_EXT:
            continue  # ferromq's documented extensions (checked apart)
        if name.startswith("ZMQ_") or name in ERRNO_NAMES \
                or name == "__ZMQ_H_INCLUDED__":
            out[name] = (params, body.strip())
    return out


# What zmq.h includes (libzmq 4.3.5 and ours); their macros are not zmq.h's.
SYSTEM_HEADERS = ["errno.h", "stddef.h", "stdio.h", "stdint.h", "signal.h",
                  "sys/select.h"]


def own_text(header, cflags):
    """The preprocessed text that comes from the header file itself."""
    path = os.path.realpath(header)
    keep, out = False, []
    for line in preprocess(header, cflags).splitlines():
        m = re.match(r'^# \d+ "(.*)"', line)
        if m:
            keep = os.path.realpath(m.group(1)) == path \
                if os.path.exists(m.group(1)) else False
            continue
        if keep:
            out.append(line)
    return "\n".join(out)


def cmd_names(header, cflags):
    names = set()
    src = "".join("#include <%s>\n" % h for h in SYSTEM_HEADERS)
    system = subprocess.run([CC, "-E", "-dM", *cflags, "-x", "c", "-"],
                            input=src, capture_output=True, text=True,
                            check=True).stdout
    system = set(re.findall(r"^#define (\w+)", system, re.M))
    # Macros: those the header defines beyond its system includes (and the
    # compiler's own, which start with "__", except the include guard).
    for name in re.findall(r"^#define (\w+)", preprocess(header, cflags, "-dM"),
                           re.M):
        if name in system or name == "ZMQ_BUILD_DRAFT_API":
            continue
        if name.startswith("ZMQ_FERROMQ_") and not FERROMQ_EXT:
            continue  # ferromq's documented extensions (checked apart)
        if name.startswith("__") and name != "__ZMQ_H_INCLUDED__":
            continue
        names.add("macro " + name)
    text = own_text(header, cflags)
    text = re.sub(r"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)", " ", text)
    names.update("struct " + t for t in re.findall(r"\bstruct\s+(\w+)", text))
    while True:  # drop struct bodies, innermost first
        text, n = re.subn(r"\{[^{}]*\}", " ", text)
        if not n:
            break
    for stmt in text.split(";"):
        stmt = " ".join(stmt.split())
        if not stmt:
            continue
        if stmt.startswith("typedef"):
            m = re.search(r"\(\s*\*?\s*(\w+)\s*\)\s*\(", stmt) \
                or re.search(r"(\w+)\s*$", stmt)
            names.add("typedef " + m.group(1))
            continue
        m = re.search(r"\b(\w+)\s*\(.*\)$", stmt)
        if m:
            names.add("func " + m.group(1))
        elif not re.match(r"^struct \w+$", stmt):
            names.add("other " + stmt)
    for n in sorted(names):
        print(n)


def cmd_macros(header, cflags):
    for name in sorted(macro_defs(header, cflags)):
        print(name)


def cmd_values(header, namesfile, cflags):
    """A C program that prints NAME=value for each name in namesfile, as the
    header defines it: integers in decimal, strings quoted, `<empty>` for a
    macro without a value, `<undefined>` for one it lacks. Function-like
    macros are printed applied to (1, 2, 3)."""
    defs = macro_defs(header, cflags)
    names = sorted({n.strip() for n in open(namesfile) if n.strip()})
    print('#include <stdio.h>\n#include "%s"\nint main (void)\n{'
          % os.path.abspath(header))
    for name in names:
        params, body = defs.get(name, (None, None))
        if body is None:
            expr = None
        elif params is not None:
            argc = len([p for p in params.strip("()").split(",") if p.strip()])
            expr = "%s (%s)" % (name, ", ".join(str(i + 1) for i in range(argc)))
        else:
            expr = name
        if expr is None:
            print('    puts ("%s=<undefined>");' % name)
        elif body == "":
            print('    puts ("%s=<empty>");' % name)
        elif body.startswith('"'):
            print('    printf ("%%s=\\"%%s\\"\\n", "%s", %s);' % (name, expr))
        else:
            print('    printf ("%%s=%%lld\\n", "%s", (long long) (%s));'
                  % (name, expr))
    print("    return 0;\n}")


def declarations(header, cflags, keep_attributes=False):
    """[(name, text)] of the zmq_* function declarations, preprocessed."""
    text = preprocess(header, cflags, "-P")
    if keep_attributes:
        text = text.replace("__attribute__", "ATTRIBUTE")
    text = re.sub(r"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)", " ", text)
    text = re.sub(r"__declspec\s*\([^)]*\)", " ", text)
    decls = []
    # A declaration is a statement ending in ';' whose declarator is
    # zmq_name ( ... ). Split at ';', '{' and '}' so struct bodies and
    # typedefs fall away.
    for stmt in re.split(r"[;{}]", text):
        stmt = " ".join(stmt.split())
        m = re.match(r"^(?:extern \"C\" )?([\w\s\*()\"]+?)\s*\b(zmq_\w+)\s*\((.*)\)$",
                     stmt)
        if not m or m.group(1).strip().startswith("typedef"):
            continue
        decls.append((m.group(2), stmt))
    return decls


def normalise_param(param):
    toks = re.findall(r"\w+|\*|\S", param)
    if len(toks) > 1 and re.match(r"^\w+$", toks[-1]) \
            and toks[-1] not in TYPE_WORDS and toks[-2] != "struct":
        toks = toks[:-1]
    # "char *" not "char*": a space between words and before the first '*'.
    out = ""
    for t in toks:
        if out and not (t == "*" and out.endswith("*")):
            out += " "
        out += t
    return out


def cmd_protos(header, cflags):
    lines = []
    for name, stmt in declarations(header, cflags):
        m = re.match(r"^(.*?)\b%s\s*\((.*)\)$" % name, stmt)
        ret, params = m.group(1).strip(), m.group(2)
        ret = ret.replace("extern \"C\"", "").strip()
        ret = normalise_param(ret + " x")  # put '*' spacing in one form
        args = [normalise_param(p.strip()) for p in params.split(",")]
        lines.append("%s (%s) -> %s" % (name, ", ".join(args), ret))
    for line in sorted(lines):
        print(line)


def cmd_hidden(header, cflags):
    for name, stmt in sorted(declarations(header, cflags, True)):
        if 'ATTRIBUTE ((visibility ("default")))' not in stmt:
            print(name)


def cmd_decls(header, cflags):
    for name, stmt in sorted(declarations(header, cflags)):
        print(stmt + ";")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, header = argv[1], argv[2]
    if cmd == "values":
        cmd_values(header, argv[3], argv[4:])
    elif cmd in ("macros", "protos", "decls", "hidden", "names"):
        {"macros": cmd_macros, "protos": cmd_protos, "decls": cmd_decls,
         "hidden": cmd_hidden, "names": cmd_names}[cmd](header, argv[3:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
