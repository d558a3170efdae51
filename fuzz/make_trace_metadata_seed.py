#!/usr/bin/env python3
"""Writes a seed for fuzz_etl_trace_metadata: a TRACE_EVENT_INFO (provider "Seed", task "T", opcode "win:Start",
properties n:UInt32, arr:UInt16[n], kind:UInt32 with map "M", s:UnicodeString, st{a:UInt8, b:UInt8}), an
EVENT_MAP_INFO for "M" and a payload for the event. Layouts: libs/etl/src/kernel_trace_control/trace_event_info.cpp."""
import struct
import sys


def utf16z(s):
    return (s + "\0").encode("utf-16-le")


def event_info():
    provider = bytes(range(16))
    props = [  # flags, name, in_type, out_type, map, count_or_index, length, (struct start, members)
        (0, "n", 8, 0, "", 0, 0, None),
        (0x4, "arr", 6, 0, "", 0, 0, None),  # ParamCount: count from property 0
        (0, "kind", 8, 0, "M", 0, 0, None),
        (0, "s", 1, 0, "", 0, 0, None),
        (0x1, "st", 0, 0, "", 0, 0, (5, 2)),  # struct of properties 5 and 6
        (0, "a", 4, 0, "", 0, 0, None),
        (0, "b", 4, 0, "", 0, 0, None),
    ]
    header_size = 112 + 24 * len(props)
    strings = bytearray()

    def add(s):
        off = header_size + len(strings)
        strings.extend(utf16z(s))
        return off

    prov_name, task_name, opcode_name = add("Seed"), add("T"), add("win:Start")
    prop_bytes = bytearray()
    for flags, name, in_type, out_type, map_name, count, length, struct_info in props:
        name_off = add(name)
        if struct_info:
            middle = struct.pack("<HHI", struct_info[0], struct_info[1], 0)
        else:
            middle = struct.pack("<HHI", in_type, out_type, add(map_name) if map_name else 0)
        prop_bytes += struct.pack("<II", flags, name_off) + middle + struct.pack("<HHI", count, length, 0)
    descriptor = struct.pack("<HBBBBHQ", 7, 0, 0, 4, 1, 3, 0)
    head = provider + bytes(16) + descriptor + struct.pack("<I", 0)
    head += struct.pack("<IIIIIIIIIIIIIII", prov_name, 0, 0, 0, task_name, opcode_name, 0, 0, 0, 0, 0, 0,
                        len(props), 5, 0)
    assert len(head) == 112
    return provider, bytes(head + prop_bytes + strings)


def map_info(provider):
    entries = [(1, "one"), (2, "two")]
    size = 16 + 8 * len(entries)
    strings = bytearray()

    def add(s):
        off = size + len(strings)
        strings.extend(utf16z(s))
        return off

    name = add("M")
    body = bytearray(struct.pack("<IIII", name, 1, len(entries), 0))
    for value, text in entries:
        body += struct.pack("<II", add(text + " "), value)
    return provider + bytes(body + strings)


provider, info = event_info()
mapi = map_info(provider)
payload = struct.pack("<IHHI", 2, 5, 6, 2) + utf16z("hi") + b"\x01\x02"
with open(sys.argv[1], "wb") as f:
    f.write(b"\x00" + struct.pack("<H", len(info)) + info + struct.pack("<H", len(mapi)) + mapi + payload)
