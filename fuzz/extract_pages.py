#!/usr/bin/env python3
"""Writes the first N ring-buffer pages of a little-endian v6 trace.dat as separate files (fuzz seeds)."""
import pathlib
import struct
import sys

data = pathlib.Path(sys.argv[1]).read_bytes()
out = pathlib.Path(sys.argv[2])
count = int(sys.argv[3])
page_size = struct.unpack_from("<I", data, 12)[0]
tag = data.find(b"flyrecord\0")
offset, size = struct.unpack_from("<QQ", data, tag + 10)
for i in range(min(count, size // page_size)):
    (out / f"page{i}").write_bytes(data[offset + i * page_size: offset + (i + 1) * page_size])
