#!/usr/bin/env python3
"""Makes function-graph "leaf" calls in a real little-endian v6 capture that has function-graph events.

trace-cmd report prints a funcgraph_entry whose matching funcgraph_exit is the very next record as one line
("func();") and drops the exit. Captures where that happens are rare; this turns the records between an
entry and its exit into padding (a discarded event, as the kernel itself writes: delta kept, length kept), so
the exit directly follows the entry. Only pairs whose records all lie on one page are changed.

usage: make_leaf_trace.py IN.dat OUT.dat [MAX_PAIRS]      prints how many pairs became leaves
"""
import re
import struct
import sys


def formats(data):
    """(ids by name, field offsets/sizes by (name, field)), and the offset after the metadata, of a v6 file."""
    p = 10
    p = data.index(b"\0", p) + 1          # version
    assert data[p] == 0, "little-endian files only"
    p += 2 + 4                            # endian, long size, page size
    texts = []
    for tag in (b"header_page\0", b"header_event\0"):
        assert data[p:p + len(tag)] == tag
        p += len(tag)
        size = struct.unpack_from("<Q", data, p)[0]
        texts.append(data[p + 8:p + 8 + size])
        p += 8 + size
    header_page = texts[0].decode()
    count = struct.unpack_from("<I", data, p)[0]
    p += 4
    ids, fields = {}, {}
    for _ in range(count):
        size = struct.unpack_from("<Q", data, p)[0]
        text = data[p + 8:p + 8 + size].decode(errors="replace")
        p += 8 + size
        name = re.search(r"name: (\S+)", text).group(1)
        ids[name] = int(re.search(r"ID: (\d+)", text).group(1))
        for m in re.finditer(r"field:[^;]*?(\w+)(?:\[\d*\])?;\s*offset:(\d+);\s*size:(\d+);", text):
            fields[(name, m.group(1))] = (int(m.group(2)), int(m.group(3)))
    commit_size = int(re.search(r"field: local_t commit;\s*offset:\d+;\s*size:(\d+);", header_page).group(1))
    return ids, fields, commit_size


def cpu_tables(data):
    tag = data.rindex(b"flyrecord\0")
    page_size = struct.unpack_from("<I", data, data.index(b"\0", 10) + 3)[0]
    cpus = []
    q = tag + 10
    while True:  # entries until the trace_clock blob or data: offsets are page aligned and sizes sane
        off, size = struct.unpack_from("<QQ", data, q)
        if off == 0 or off % page_size or off + size > len(data):
            break
        cpus.append((off, size))
        q += 16
    return page_size, cpus


def records(page, start, commit):
    """(header offset, type_len, delta, payload offset, payload length) of every record in a page."""
    pos, end = start, start + commit
    while pos + 4 <= end:
        word = struct.unpack_from("<I", page, pos)[0]
        type_len, delta = word & 31, word >> 5
        if type_len == 29:
            length = struct.unpack_from("<I", page, pos + 4)[0]
            yield (pos, type_len, delta, pos + 4, length)
            pos += 4 + length
        elif type_len in (30, 31):
            yield (pos, type_len, delta, pos + 4, 4)
            pos += 8
        elif type_len == 0:
            length = (struct.unpack_from("<I", page, pos + 4)[0] - 4 + 3) & ~3
            yield (pos, 0, delta, pos + 8, length)
            pos += 8 + length
        else:
            yield (pos, type_len, delta, pos + 4, type_len * 4)
            pos += 4 + type_len * 4


def main():
    src, dst = sys.argv[1], sys.argv[2]
    max_pairs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    data = bytearray(open(src, "rb").read())
    ids, fields, commit_size = formats(bytes(data))
    entry, exit_ = ids["funcgraph_entry"], ids["funcgraph_exit"]
    f_entry, f_exit = fields[("funcgraph_entry", "func")], fields[("funcgraph_exit", "func")]
    pid_off = fields[("funcgraph_entry", "common_pid")][0]
    page_size, cpus = cpu_tables(bytes(data))
    start = 8 + commit_size
    done = 0
    for off, size in cpus:
        for page_at in range(off, off + size, page_size):
            page = data[page_at:page_at + page_size]
            commit = struct.unpack_from("<I" if commit_size == 4 else "<Q", page, 8)[0] & ((1 << 27) - 1)
            recs = [r for r in records(page, start, commit) if r[1] not in (29, 30, 31)]
            for i, a in enumerate(recs):
                if done >= max_pairs or struct.unpack_from("<H", page, a[3])[0] != entry:
                    continue
                func = int.from_bytes(page[a[3] + f_entry[0]:a[3] + f_entry[0] + f_entry[1]], "little")
                pid = struct.unpack_from("<i", page, a[3] + pid_off)[0]
                for j in range(i + 1, min(i + 4, len(recs))):
                    b = recs[j]
                    if struct.unpack_from("<H", page, b[3])[0] == exit_:
                        if (int.from_bytes(page[b[3] + f_exit[0]:b[3] + f_exit[0] + f_exit[1]], "little") == func
                                and struct.unpack_from("<i", page, b[3] + pid_off)[0] == pid and j > i + 1):
                            for m in recs[i + 1:j]:  # discard what lies between: padding, delta and length kept
                                hdr_pos, type_len, delta, _, length = m
                                total = (8 if type_len == 0 else 4) + length
                                struct.pack_into("<II", page, hdr_pos, 29 | (delta << 5), total - 4)
                            done += 1
                        break
            data[page_at:page_at + page_size] = page
    open(dst, "wb").write(data)
    print(done)


if __name__ == "__main__":
    main()
