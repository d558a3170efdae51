#!/usr/bin/env python3
"""Cuts a recorded little-endian v6 trace.dat down to a few kilobytes: header_page/header_event, the sched and
task event formats, the saved command lines, no kallsyms/printk, no options, and the first PAGES pages of each
CPU. The result is still a real capture (real pages, real formats) and seeds the fuzzers.

usage: make_minimal_trace.py IN.dat OUT.dat [PAGES]
       make_minimal_trace.py --blank-cmdlines IN.dat OUT.dat
The second form keeps the whole file but overwrites the saved command lines with blank lines, so that process
names are only known from what sched events tell (trace-cmd report then learns them while printing).
"""
import struct
import sys

KEEP_SYSTEMS = {b"sched", b"task"}


class Reader:
    def __init__(self, data):
        self.d, self.p = data, 0

    def take(self, n):
        b = self.d[self.p:self.p + n]
        self.p += n
        return b

    def u32(self):
        return struct.unpack("<I", self.take(4))[0]

    def u64(self):
        return struct.unpack("<Q", self.take(8))[0]

    def cstr(self):
        end = self.d.index(b"\0", self.p)
        s = self.d[self.p:end]
        self.p = end + 1
        return s


def blank_cmdlines(src, dst):
    data = bytearray(open(src, "rb").read())
    r = Reader(bytes(data))
    r.take(10)
    assert r.cstr() == b"6" and r.take(1) == b"\0", "input must be a little-endian v6 file"
    r.take(1 + 4)
    for tag in (b"header_page\0", b"header_event\0"):
        r.take(len(tag))
        r.take(r.u64())
    for _ in range(r.u32()):
        r.take(r.u64())
    for _ in range(r.u32()):
        r.cstr()
        for _ in range(r.u32()):
            r.take(r.u64())
    r.take(r.u32())
    r.take(r.u32())
    size = r.u64()
    data[r.p:r.p + size] = b"\n" * size
    open(dst, "wb").write(data)


def main():
    if sys.argv[1] == "--blank-cmdlines":
        return blank_cmdlines(sys.argv[2], sys.argv[3])
    src, dst = sys.argv[1], sys.argv[2]
    pages = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    r = Reader(open(src, "rb").read())
    magic = r.take(10)
    version = r.cstr()
    assert version == b"6", "input must be a v6 file"
    endian, long_size = r.take(1), r.take(1)
    assert endian == b"\0", "input must be little-endian"
    page_size = r.u32()
    out = bytearray(magic + b"6\0" + endian + long_size + struct.pack("<I", page_size))
    for tag in (b"header_page\0", b"header_event\0"):
        assert r.take(len(tag)) == tag
        text = r.take(r.u64())
        out += tag + struct.pack("<Q", len(text)) + text
    for _ in range(r.u32()):  # ftrace formats: dropped
        r.take(r.u64())
    out += struct.pack("<I", 0)
    systems = []
    for _ in range(r.u32()):
        name = r.cstr()
        formats = [r.take(r.u64()) for _ in range(r.u32())]
        if name in KEEP_SYSTEMS:
            systems.append((name, formats))
    out += struct.pack("<I", len(systems))
    for name, formats in systems:
        out += name + b"\0" + struct.pack("<I", len(formats))
        for f in formats:
            out += struct.pack("<Q", len(f)) + f
    r.take(r.u32())  # kallsyms
    r.take(r.u32())  # printk formats
    cmdlines = r.take(r.u64())
    out += struct.pack("<I", 0) + struct.pack("<I", 0) + struct.pack("<Q", len(cmdlines)) + cmdlines
    cpus = r.u32()
    tag = r.take(10)
    cpu_count = cpus
    if tag.startswith(b"options"):
        while True:
            opt = struct.unpack("<H", r.take(2))[0]
            if opt == 0:
                break
            body = r.take(r.u32())
            if opt == 8:  # CPUCOUNT
                cpu_count = struct.unpack("<I", body)[0]
        tag = r.take(10)
    assert tag.startswith(b"flyrecord")
    table = [(r.u64(), r.u64()) for _ in range(cpu_count)]
    out += struct.pack("<I", cpu_count) + b"flyrecord\0"
    table_at = len(out)
    out += bytes(16 * cpu_count)
    data = []
    for offset, size in table:
        keep = min(size, pages * page_size)
        out += bytes(-len(out) % page_size)  # CPU data starts on a page boundary
        data.append((len(out), keep))
        out += r.d[offset:offset + keep]
    for i, (offset, size) in enumerate(data):
        struct.pack_into("<QQ", out, table_at + 16 * i, offset, size)
    open(dst, "wb").write(out)


if __name__ == "__main__":
    main()
