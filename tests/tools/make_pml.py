#!/usr/bin/env python3
"""Writes a small but realistic Process Monitor log (PML version 9) from scratch, plus a truth file that says
what is in it, so that tests need no third-party captures.

usage: make_pml.py OUT.PML [--bits 32|64] [--truth OUT.json] [--events N_EXTRA] [--truncate-at BYTES] [--ipv6]

The log holds 4 processes (System, explorer.exe, cmd.exe, curl.exe) and a short story: explorer starts cmd,
which reads C:\\data\\in.txt, writes C:\\data\\out.txt, misses C:\\data\\missing.txt, touches the registry and
starts curl, which talks to example.com (over IPv4, or over IPv6 with --ipv6). --events appends N more
ReadFile/RegQueryValue events. The output is deterministic.

Layout follows docs/formats.md ("Process Monitor .PML") and what real captures do, checked byte by byte:
- strings are ASCII when they can be (File System, Registry, Load Image) and UTF-16 in Process events;
- details carry the trailing slack and junk pad bytes real files have;
- the unknown u16s at event offsets 0x0E and 0x2A hold junk, the u32 at 0x10 a rising sequence number;
- File System extra details are P-sized (IoStatus.Information);
- the process-create record carries the user and integrity SIDs (s1, s2 are their lengths).
The truth file's "detail" is the Detail column as Procmon prints it in its CSV export.
"""
import argparse
import json
import socket
import struct
from dataclasses import dataclass, field
from datetime import datetime, timezone

HEADER_SIZE = 0x3A8
COMPUTER_NAME = "TRACESHARK-WIN"
SYSTEM_ROOT = "C:\\Windows"
OS_MAJOR, OS_MINOR, OS_BUILD, OS_PLATFORM = 10, 0, 19045, 2
CPUS, RAM_BYTES = 4, 8 * 1024 ** 3

PROCESS, REGISTRY, FILE_SYSTEM, NETWORK = 1, 2, 3, 5
SUCCESS, NAME_NOT_FOUND = 0, 0xC0000034
RESULT_NAMES = {SUCCESS: "SUCCESS", NAME_NOT_FOUND: "NAME NOT FOUND"}

# Operation numbers (procmon-parser consts.py).
PROCESS_CREATE, PROCESS_EXIT, THREAD_CREATE, THREAD_EXIT, LOAD_IMAGE, PROCESS_START = 1, 2, 3, 4, 5, 7
REG_OPEN_KEY, REG_CLOSE_KEY, REG_SET_VALUE, REG_QUERY_VALUE = 0, 2, 4, 5
FS_CREATE, FS_READ, FS_WRITE, FS_CLOSE = 20, 23, 24, 38
NET_SEND, NET_RECEIVE, NET_CONNECT, NET_DISCONNECT = 2, 3, 5, 6
NET_NAMES = {NET_SEND: "Send", NET_RECEIVE: "Receive", NET_CONNECT: "Connect", NET_DISCONNECT: "Disconnect"}

DISPOSITIONS = ["Supersede", "Open", "Create", "OpenIf", "Overwrite", "OverwriteIf"]
OPEN_RESULTS = ["Superseded", "Opened", "Created", "Overwritten", "Exists", "DoesNotExist"]
OPEN, OVERWRITE_IF = 1, 5
OPENED, CREATED = 1, 2
# Only the masks used here, spelled as Procmon spells them (GENERIC_* plus SYNCHRONIZE | FILE_READ_ATTRIBUTES).
FILE_ACCESS = {0x80100080: "Generic Read", 0x40100080: "Generic Write, Read Attributes"}
CREATE_OPTIONS = [(0x20, "Synchronous IO Non-Alert"), (0x40, "Non-Directory File")]
SHARE_MODES = [(1, "Read"), (2, "Write"), (4, "Delete")]
FILE_ATTRIBUTES = {0: "n/a", 0x80: "N"}
KEY_READ = 0x20019
REG_SZ, REG_DWORD = 1, 4
INTEGRITY_RIDS = {"Medium": 0x2000, "High": 0x3000, "System": 0x4000}
# Stand-ins for the garbage real records carry in pad and unknown u16 fields (seen: 0x0035, 0x775e, 0xffff ...).
JUNK16 = (0x0000, 0x0035, 0x0000, 0x775E, 0xFFFF, 0x0065, 0x0000, 0x005C)


def filetime(*ymdhms):
    dt = datetime(*ymdhms, tzinfo=timezone.utc)
    return int((dt - datetime(1601, 1, 1, tzinfo=timezone.utc)).total_seconds()) * 10_000_000


T0 = filetime(2024, 3, 1, 12, 0, 0)
CAPTURE_DAY = filetime(2024, 3, 1, 0, 0, 0)


def u8(v): return struct.pack("<B", v)
def u16(v): return struct.pack("<H", v)
def u32(v): return struct.pack("<I", v)
def u64(v): return struct.pack("<Q", v)
def utf16(s): return s.encode("utf-16-le")


def wstr_z(s):
    """A table string: u32 byte length (NUL included, except for the empty string), then UTF-16."""
    body = utf16(s + "\0") if s else b""
    return u32(len(body)) + body


def ds(s, unicode=False):
    """Detail-string info word and body; Procmon stores ASCII strings 1 byte per char (bit 15 set)."""
    if unicode or not s.isascii():
        return u16(len(s)), utf16(s)
    return u16(len(s) | 0x8000), s.encode("ascii")


def sid(authority, *subs):
    return u8(1) + u8(len(subs)) + authority.to_bytes(6, "big") + b"".join(u32(s) for s in subs)


def seconds(t): return f"{t // 10_000_000}.{t % 10_000_000:07d}"
def signed32(v): return v - (1 << 32) if v & 0x80000000 else v
def flag_names(value, table): return ", ".join(name for bit, name in table if value & bit)


@dataclass
class Module:
    base: int
    size: int
    path: str
    version: str
    company: str
    description: str
    timestamp: int


@dataclass
class Process:
    index: int
    pid: int
    ppid: int
    parent_index: int  # Index of the parent's table entry; real files point at unlisted entries too.
    tid: int  # Main thread.
    name: str
    image_path: str
    command_line: str
    user: str
    user_sid: bytes
    integrity: str
    session: int
    auth_id: int
    is64: bool
    company: str
    version: str
    description: str
    start: int
    modules: list
    end: int = 0


def make_processes(is64):
    b = (lambda a64, a32: a64 if is64 else a32)
    ms, ver, win = "Microsoft Corporation", "10.0.19041.1", "C:\\Windows\\System32\\"
    system_sid, analyst_sid = sid(5, 18), sid(5, 21, 1111111111, 2222222222, 3333333333, 1001)
    analyst = dict(user="TRACESHARK-WIN\\analyst", user_sid=analyst_sid, session=1, is64=is64)
    kernel = [Module(b(0xFFFFF80150000000, 0x82A00000), b(0x1046000, 0x41A000), win[:11] + "system32\\ntoskrnl.exe",
                     ver, ms, "NT Kernel & System", 0x5F3A2B1C),
              Module(b(0xFFFFF80153A00000, 0x8925A000), b(0x6E000, 0x4C000), win + "drivers\\FLTMGR.SYS",
                     ver, ms, "Microsoft Filesystem Filter Manager", 0x4E6F9A31)]
    return [
        Process(0, 4, 0, 4, 8, "System", "System", "", "NT AUTHORITY\\SYSTEM", system_sid, "System", 0, 0x3E7,
                is64, "", "", "", filetime(2024, 3, 1, 7, 58, 40), kernel),
        Process(1, 1000, 900, 5, 1004, "explorer.exe", "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE",
                integrity="Medium", auth_id=0x1E0AC, company=ms, version=ver, description="Windows Explorer",
                start=filetime(2024, 3, 1, 8, 2, 11), **analyst, modules=[
                    Module(b(0x7FF6D1A00000, 0x00AA0000), b(0x4B0000, 0x280000), "C:\\Windows\\explorer.exe",
                           ver, ms, "Windows Explorer", 0x3A5B7C1D),
                    Module(b(0x7FFA72E00000, 0x77780000), b(0x1F8000, 0x13C000), win + "ntdll.dll",
                           ver, ms, "NT Layer DLL", 0x8C1F2E3A)]),
        Process(2, 2000, 1000, 1, 2004, "cmd.exe", win + "cmd.exe",
                "cmd.exe /c type C:\\data\\in.txt > C:\\data\\out.txt", integrity="High", auth_id=0x1E0DE,
                company=ms, version=ver, description="Windows Command Processor", start=0, **analyst, modules=[
                    Module(b(0x7FF7C1E40000, 0x4A2D0000), b(0x5E000, 0x4C000), win + "cmd.exe",
                           ver, ms, "Windows Command Processor", 0x1C2D3E4F),
                    Module(b(0x7FFA70000000, 0x76000000), 0xC2000, win + "kernel32.dll",
                           ver, ms, "Windows NT BASE API Client DLL", 0x6A7B8C9D)]),
        Process(3, 3000, 2000, 2, 3004, "curl.exe", win + "curl.exe", "curl.exe -s https://example.com/",
                integrity="High", auth_id=0x1E0DE, company="curl, https://curl.se/", version="8.4.0",
                description="The curl executable", start=0, **analyst, modules=[
                    Module(b(0x7FF6F2A10000, 0x00F90000), b(0x7B000, 0x6A000), win + "curl.exe",
                           "8.4.0", "curl, https://curl.se/", "The curl executable", 0x651C0A52),
                    Module(b(0x7FFA71C40000, 0x75E70000), b(0x6B000, 0x35000), win + "ws2_32.dll",
                           ver, ms, "Windows Socket 2.0 32-Bit DLL", 0x2B3C4D5E)]),
    ]


@dataclass
class Event:
    proc: Process
    tid: int
    cls: int
    op: int
    op_name: str
    path: str
    detail: bytes
    text: str  # Detail column as Procmon prints it.
    category: str = ""
    result: int = SUCCESS
    duration: int = 0
    extra: bytes = None
    gap: int = 0  # Filler bytes between the detail and the extra-detail block.
    stack: list = field(default_factory=list)
    filetime: int = 0
    offset: int = 0


class Log:
    """Builds events in order; each builder makes the record bytes and the Procmon text from the same values."""

    def __init__(self, is64):
        self.is64, self.P = is64, (8 if is64 else 4)
        self.procs = make_processes(is64)
        self.events = []
        self.time = T0
        self.junk_i = 0
        self.hosts = {bytes([93, 184, 216, 34]).ljust(16, b"\0"): "example.com"}
        self.ports = {(443, True): "https", (53, False): "domain"}

    def ptr(self, v): return v.to_bytes(self.P, "little")
    def pad64(self): return b"\0\0\0\0" if self.is64 else b""

    def junk(self):
        self.junk_i += 1
        return JUNK16[self.junk_i % len(JUNK16)]

    def add(self, ev, step_us=137, user_frames=2):
        # Steps vary a little so that the relative times are not a plain ramp.
        self.time += (step_us + 29 * (len(self.events) % 5)) * 10
        ev.filetime = self.time
        ev.stack = self.stack(ev, user_frames)
        self.events.append(ev)
        return ev

    def stack(self, ev, user_frames):
        """One kernel frame (FltMgr for file I/O, else ntoskrnl), then frames inside the process's modules."""
        salt = len(self.events) + 1
        ntos, fltmgr = self.procs[0].modules
        frames = [self.addr_in(fltmgr if ev.cls == FILE_SYSTEM else ntos, salt)]
        mods = ev.proc.modules if ev.proc.index else [ntos]  # System has no user mode.
        for j, m in enumerate([mods[-1], mods[0]] if user_frames == 2 else [mods[0]]):
            frames.append(self.addr_in(m, salt * 7 + j * 0x3D1))
        return frames

    @staticmethod
    def addr_in(mod, salt):
        return mod.base + 0x1000 + (salt * 0x9E37) % (mod.size - 0x2000)

    # --- Process class ---------------------------------------------------------------------------------------

    def process_create(self, parent, child):
        child.start = self.time + 1370
        path_info, path = ds(child.image_path, unicode=True)
        cmd_info, cmd = ds(child.command_line, unicode=True)
        integrity = sid(16, INTEGRITY_RIDS[child.integrity])
        detail = (u32(child.index) + u32(child.pid)
                  # 0x24 bytes: creator index and pid, session, is64, create time, auth LUID, 0.
                  + u32(parent.index) + u32(parent.pid) + u32(child.session) + u32(child.is64)
                  + u64(child.start) + u64(child.auth_id) + u32(0)
                  + u8(len(child.user_sid)) + u8(len(integrity)) + path_info + cmd_info
                  + u16(self.junk()) + child.user_sid + integrity + path + cmd + b"e\0")
        text = f"PID: {child.pid}, Command line: {child.command_line}"
        self.add(Event(parent, parent.tid, PROCESS, PROCESS_CREATE, "Process Create", child.image_path,
                       detail, text))

    def process_start(self, child, parent, cwd, env):
        cmd_info, cmd = ds(child.command_line, unicode=True)
        cwd_info, cwd_body = ds(cwd, unicode=True)
        env_text = "\0".join(env) + "\0"  # Real records end with one NUL, not a double one.
        detail = (u32(parent.pid) + cmd_info + cwd_info + u32(len(env_text)) + cmd + cwd_body + utf16(env_text)
                  + b"\xc6\x9f")
        text = (f"Parent PID: {parent.pid}, Command line: {child.command_line}, Current directory: {cwd}, "
                "Environment: " + "".join("\r;\t" + v for v in env))
        self.add(Event(child, parent.tid, PROCESS, PROCESS_START, "Process Start", "", detail, text))

    def thread_create(self, proc, creator_tid, new_tid):
        self.add(Event(proc, creator_tid, PROCESS, THREAD_CREATE, "Thread Create", "", u32(new_tid),
                       f"Thread ID: {new_tid}"))

    def load_image(self, proc, module):
        info, path = ds(module.path)
        detail = self.ptr(module.base) + u32(module.size) + info + u16(0xFFFF) + path
        text = f"Image Base: 0x{module.base:x}, Image Size: 0x{module.size:x}"
        self.add(Event(proc, proc.tid, PROCESS, LOAD_IMAGE, "Load Image", module.path, detail, text),
                 user_frames=1)

    def thread_exit(self, proc, kernel, user):
        detail = u32(0x103) + u64(kernel) + u64(user)  # 0x103 = STATUS_PENDING, as in real records.
        text = f"Thread ID: {proc.tid}, User Time: {seconds(user)}, Kernel Time: {seconds(kernel)}"
        self.add(Event(proc, proc.tid, PROCESS, THREAD_EXIT, "Thread Exit", "", detail, text))

    def process_exit(self, proc, status, kernel, user, working_set, private):
        peak_ws, peak_private = working_set + 16384, private + 57344
        detail = (u32(status) + u64(kernel) + u64(user) + u64(working_set) + u64(peak_ws) + u64(private)
                  + u64(peak_private))
        text = (f"Exit Status: {signed32(status)}, User Time: {seconds(user)} seconds, "
                f"Kernel Time: {seconds(kernel)} seconds, Private Bytes: {private:,}, "
                f"Peak Private Bytes: {peak_private:,}, Working Set: {working_set:,}, "
                f"Peak Working Set: {peak_ws:,}")
        self.add(Event(proc, proc.tid, PROCESS, PROCESS_EXIT, "Process Exit", "", detail, text))
        proc.end = self.time

    # --- File System class -----------------------------------------------------------------------------------

    def fs_detail(self, block, path, tail=b""):
        """u8 sub-op (0 here), 3 pad, parameter block of 5P+0x14 bytes, DS info, u16 pad, path, op-specific tail."""
        size = 5 * self.P + 0x14
        assert len(block) <= size
        info, body = ds(path)
        return (u8(0) + u16(self.junk()) + u8(0) + block.ljust(size, b"\0") + info + u16(self.junk()) + body
                + tail + b"e\0")  # Real FS details end with a few bytes of slack.

    def create_file(self, proc, path, access, disposition, options, attributes, share, result, open_result=None):
        # IRP flags 0x884 and 9 as in real records, then the security context pointer.
        block = (u32(self.junk()) + u32(0x884) + u32(9) + self.ptr(self.kernel_ptr(0x18E8))
                 + u32(disposition << 24 | options) + self.pad64() + u16(attributes) + u16(share) + u32(0)
                 + bytes(2 * self.P) + u32(0))  # AllocationSize 0.
        detail = self.fs_detail(block, path, u32(access) + u8(0) + b"\0\0\0")  # No impersonation SID.
        allocation = "0" if disposition in (0, 2, 3, 5) else "n/a"
        text = (f"Desired Access: {FILE_ACCESS[access]}, Disposition: {DISPOSITIONS[disposition]}, "
                f"Options: {flag_names(options, CREATE_OPTIONS)}, Attributes: {FILE_ATTRIBUTES[attributes]}, "
                f"ShareMode: {flag_names(share, SHARE_MODES) or 'None'}, AllocationSize: {allocation}")
        extra = None
        if open_result is not None:
            extra = self.ptr(open_result)  # IoStatus.Information.
            text += f", OpenResult: {OPEN_RESULTS[open_result]}"
        written = open_result in (0, 2, 3) or (open_result is None and disposition != OPEN)
        self.add(Event(proc, proc.tid, FILE_SYSTEM, FS_CREATE, "CreateFile", path, detail, text,
                       "Write" if written else "", result, 218, extra))

    def read_write(self, proc, op, path, offset, length, actual=None, gap=0):
        flags = 0x060900 if op == FS_READ else 0x060A00  # Priority Normal (bits 17-19 = 3), no I/O flags.
        block = (u32(self.junk()) + u32(flags) + u32(1) + u32(length) + self.pad64() + u32(0) + self.pad64()
                 + struct.pack("<q", offset))
        extra = self.ptr(actual) if actual is not None else None
        shown = actual if actual is not None else length
        name = "ReadFile" if op == FS_READ else "WriteFile"
        self.add(Event(proc, proc.tid, FILE_SYSTEM, op, name, path, self.fs_detail(block, path),
                       f"Offset: {offset:,}, Length: {shown:,}, Priority: Normal",
                       "Read" if op == FS_READ else "Write", SUCCESS, 989, extra, gap))

    def close_file(self, proc, path):
        block = u32(self.junk()) + u32(0x404) + u32(1)
        self.add(Event(proc, proc.tid, FILE_SYSTEM, FS_CLOSE, "CloseFile", path, self.fs_detail(block, path),
                       "", "", SUCCESS, 141))

    def kernel_ptr(self, low):
        return (0xFFFFC004ECFF0000 if self.is64 else 0x99800000) | low

    # --- Registry class --------------------------------------------------------------------------------------

    def reg_open_key(self, proc, path):
        info, body = ds(path)
        extra = u32(KEY_READ) + u32(0)  # Granted access, disposition (0 for an open).
        self.add(Event(proc, proc.tid, REGISTRY, REG_OPEN_KEY, "RegOpenKey", path,
                       info + u16(self.junk()) + u32(KEY_READ) + body, "Desired Access: Read", "Read",
                       SUCCESS, 37, extra))

    def reg_query_dword(self, proc, path, value):
        info, body = ds(path)
        detail = info + u16(self.junk()) + u32(144) + u32(2) + body  # Length, KeyValuePartialInformation.
        extra = u32(0) + u32(REG_DWORD) + u32(4) + u32(value)  # TitleIndex, Type, DataLength, Data.
        self.add(Event(proc, proc.tid, REGISTRY, REG_QUERY_VALUE, "RegQueryValue", path, detail,
                       f"Type: REG_DWORD, Length: 4, Data: {value}", "Read", SUCCESS, 153, extra))

    def reg_set_sz(self, proc, path, value):
        info, body = ds(path)
        data = utf16(value + "\0")
        # The data length is a u16; real records carry junk in the u16 after it.
        detail = info + u16(self.junk()) + u32(REG_SZ) + u32(len(data)) + u16(len(data)) + u16(0x9824) + body + data
        self.add(Event(proc, proc.tid, REGISTRY, REG_SET_VALUE, "RegSetValue", path, detail,
                       f"Type: REG_SZ, Length: {len(data)}, Data: {value}", "Write", SUCCESS, 496))

    def reg_close_key(self, proc, path):
        info, body = ds(path)
        self.add(Event(proc, proc.tid, REGISTRY, REG_CLOSE_KEY, "RegCloseKey", path, info + body, "", "",
                       SUCCESS, 16))

    # --- Network class ---------------------------------------------------------------------------------------

    def network(self, proc, op, tcp, src, sport, dst, dport, length, pairs):
        v6 = ":" in src

        def ip(a): return socket.inet_pton(socket.AF_INET6 if v6 else socket.AF_INET, a).ljust(16, b"\0")

        def host(a):
            if ip(a) in self.hosts:
                return self.hosts[ip(a)]
            # An unnamed IPv6 address as libs/procmon spells it (eight groups; no corpus log shows Procmon's own).
            return ":".join(f"{g:x}" for g in struct.unpack("!8H", ip(a))) if v6 else a

        def name(a, port): return f"{host(a)}:{self.ports.get((port, tcp), str(port))}"
        flags = (0 if v6 else 1 | 2) | (4 if tcp else 0)  # bits: IPv4 source, IPv4 destination, TCP
        strings = "".join(s + "\0" for kv in pairs for s in kv) + "\0"
        detail = (u16(flags) + u16(self.junk()) + u32(length) + ip(src) + ip(dst) + u16(sport) + u16(dport)
                  + utf16(strings) + b"\0\0")
        text = f"Length: {length}" + "".join(f", {k}: {v}" for k, v in pairs)
        op_name = ("TCP " if tcp else "UDP ") + NET_NAMES[op]
        # Network events come from the stack's DPCs: real ones have TID 0.
        self.add(Event(proc, 0, NETWORK, op, op_name, f"{name(src, sport)} -> {name(dst, dport)}", detail, text))


# curl's resolver and example.com, over IPv4 or IPv6 (documentation addresses but example.com's own).
ENDPOINTS = {False: ("10.0.0.5", "10.0.0.1", "93.184.216.34"),
             True: ("2001:db8::5", "2001:db8::1", "2606:2800:220:1:248:1893:25c8:1946")}


def build_story(log, extra_events, ipv6=False):
    system, explorer, cmd, curl = log.procs
    log.process_create(explorer, cmd)
    log.process_start(cmd, explorer, "C:\\data\\",
                      ["COMPUTERNAME=TRACESHARK-WIN", "SystemRoot=C:\\Windows", "USERNAME=analyst"])
    log.thread_create(cmd, explorer.tid, cmd.tid)
    log.load_image(cmd, cmd.modules[1])

    sync_file = 0x20 | 0x40
    log.create_file(cmd, "C:\\data\\in.txt", 0x80100080, OPEN, sync_file, 0, 1, SUCCESS, OPENED)
    # The extra detail of this one sits 8 bytes past the detail, as real files allow.
    log.read_write(cmd, FS_READ, "C:\\data\\in.txt", 0, 4096, actual=1234, gap=8)
    log.create_file(cmd, "C:\\data\\out.txt", 0x40100080, OVERWRITE_IF, sync_file, 0x80, 1 | 2, SUCCESS, CREATED)
    log.read_write(cmd, FS_WRITE, "C:\\data\\out.txt", 0, 1234)
    log.close_file(cmd, "C:\\data\\in.txt")
    log.close_file(cmd, "C:\\data\\out.txt")
    log.create_file(cmd, "C:\\data\\missing.txt", 0x80100080, OPEN, sync_file, 0, 1, NAME_NOT_FOUND)

    log.reg_open_key(cmd, "HKLM\\Software\\Traceshark")
    log.reg_query_dword(cmd, "HKLM\\Software\\Traceshark\\Level", 7)
    log.reg_set_sz(cmd, "HKCU\\Software\\Traceshark\\Name", "demo")
    log.reg_close_key(cmd, "HKLM\\Software\\Traceshark")

    log.process_create(cmd, curl)
    log.process_start(curl, cmd, "C:\\data\\", ["SystemRoot=C:\\Windows", "USERNAME=analyst", "windir=C:\\Windows"])
    log.thread_create(curl, cmd.tid, curl.tid)
    tail = [("seqnum", "0"), ("connid", "0")]
    me, resolver, example = ENDPOINTS[ipv6]
    if ipv6:
        log.hosts[socket.inet_pton(socket.AF_INET6, example)] = "example.com"
    log.network(curl, NET_SEND, False, me, 53000, resolver, 53, 40, tail)
    conn = (me, 49700, example, 443)
    log.network(curl, NET_CONNECT, True, *conn, 0,
                [("mss", "1460"), ("sackopt", "0"), ("tsopt", "0"), ("wsopt", "0"), ("rcvwin", "64240"),
                 ("rcvwinscale", "0"), ("sndwinscale", "0")] + tail)
    log.network(curl, NET_SEND, True, *conn, 517, [("startime", "369678"), ("endtime", "369678")] + tail)
    log.network(curl, NET_RECEIVE, True, *conn, 1460, tail)
    log.network(curl, NET_DISCONNECT, True, *conn, 0, tail)
    log.thread_exit(curl, 156250, 0)
    log.process_exit(curl, 0, 312500, 156250, 5_562_368, 1_232_896)
    log.process_exit(cmd, 1, 156250, 0, 3_457_024, 2_605_056)

    for i in range(extra_events):
        proc = log.procs[i % len(log.procs)]
        if i % 2 == 0:
            log.read_write(proc, FS_READ, f"C:\\data\\extra\\file{i % 16:02d}.bin", (i // 2) * 4096, 4096, 4096)
        else:
            log.reg_query_dword(proc, "HKLM\\Software\\Traceshark\\Level", i)


class Strings:
    def __init__(self):
        self.index = {"": 0}

    def __call__(self, s):
        return self.index.setdefault(s, len(self.index))

    def table(self):
        bodies = [wstr_z(s) for s in self.index]  # dicts keep insertion order, i.e. index order.
        out, pos = bytearray(u32(len(bodies))), 4 + 4 * len(bodies)
        for b in bodies:
            out += u32(pos)
            pos += len(b)
        return bytes(out) + b"".join(bodies)


def process_table(log, strings):
    records = []
    for p in log.procs:
        rec = (u32(p.index) + u32(p.pid) + u32(p.ppid) + u32(p.parent_index) + u64(p.auth_id) + u32(p.session)
               + u32(0) + u64(p.start) + u64(p.end) + u32(0) + u32(p.is64)  # not virtualized
               + b"".join(u32(strings(s)) for s in (p.integrity, p.user, p.name, p.image_path, p.command_line,
                                                     p.company, p.version, p.description))
               + u32(0) + u32(0) + log.ptr(1) + u32(len(p.modules)))  # no icons; unknown pointer is 1 in real files
        cookie = log.ptr(0x6B09DD00 + 0x10 * p.index)  # Real modules start with a per-process constant.
        for m in p.modules:
            rec += (cookie + log.ptr(m.base) + u32(m.size)
                    + b"".join(u32(strings(s)) for s in (m.path, m.version, m.company, m.description))
                    + u32(m.timestamp) + bytes(12) + u32(m.size) + u64(CAPTURE_DAY & ~0xFFFFFFFF))
        records.append(rec)
    n = len(records)
    out, pos = bytearray(u32(n) + b"".join(u32(p.index) for p in log.procs)), 4 + 8 * n
    for rec in records:
        out += u32(pos)
        pos += len(rec)
    return bytes(out) + b"".join(records)


def event_record(log, ev, seq):
    P, depth = log.P, len(ev.stack)
    extra_offset = 0x34 + depth * P + len(ev.detail) + ev.gap if ev.extra is not None else 0
    head = (struct.pack("<IIIH", ev.proc.index, ev.tid, ev.cls, ev.op) + u16(log.junk()) + u32(seq)
            + u64(ev.duration) + u64(ev.filetime) + u32(ev.result) + u16(depth) + u16(log.junk())
            + u32(len(ev.detail)) + u32(extra_offset))
    rec = head + b"".join(log.ptr(a) for a in ev.stack) + ev.detail
    if ev.extra is not None:
        rec += bytes(ev.gap) + u16(len(ev.extra)) + ev.extra
    return rec


def header(log, offsets):
    h = bytearray(HEADER_SIZE)
    struct.pack_into("<4sII", h, 0, b"PML_", 9, int(log.is64))
    h[0x0C:0x0C + 2 * len(COMPUTER_NAME)] = utf16(COMPUTER_NAME)
    h[0x2C:0x2C + 2 * len(SYSTEM_ROOT)] = utf16(SYSTEM_ROOT)
    struct.pack_into("<IQ6Q", h, 0x234, len(log.events), 0, HEADER_SIZE, offsets["event_offsets"],
                     offsets["processes"], offsets["strings"], offsets["icons"],
                     0x7FFFFFFEFFFF if log.is64 else 0x7FFEFFFF)  # SYSTEM_INFO max user address
    struct.pack_into("<5I", h, 0x270, 284, OS_MAJOR, OS_MINOR, OS_BUILD, OS_PLATFORM)  # CSD version stays empty
    struct.pack_into("<HHHBB", h, 0x384, 0, 0, 0x300, 1, 0)  # no service pack, suite mask, workstation
    struct.pack_into("<IQQQ", h, 0x38C, CPUS, RAM_BYTES, HEADER_SIZE, offsets["hosts_ports"])
    return bytes(h)


def write_pml(log):
    out = bytearray(HEADER_SIZE)
    seq = 0x1F0880
    for ev in log.events:
        seq += 1 + len(out) % 3  # Gaps, as filtered-out events leave in real sequence numbers.
        ev.offset = len(out)
        out += event_record(log, ev, seq)
    offsets = {"event_offsets": len(out)}
    out += b"".join(u32(ev.offset) + u8(0) for ev in log.events)
    strings = Strings()
    procs = process_table(log, strings)
    offsets["processes"] = len(out)
    out += procs
    offsets["strings"] = len(out)
    out += strings.table()
    offsets["icons"] = len(out)
    out += u32(0)
    offsets["hosts_ports"] = len(out)
    out += u32(len(log.hosts)) + b"".join(ip + wstr_z(name) for ip, name in sorted(log.hosts.items()))
    out += u32(len(log.ports)) + b"".join(u16(port) + u16(tcp) + wstr_z(name)
                                          for (port, tcp), name in sorted(log.ports.items()))
    out[:HEADER_SIZE] = header(log, offsets)
    return bytes(out)


def truth(log, size, truncate_at):
    def module(m): return {"base": m.base, "size": m.size, "path": m.path, "version": m.version,
                           "company": m.company, "description": m.description, "timestamp": m.timestamp}
    return {
        "file_size": size, "truncated_at": truncate_at,
        "system": {"computer_name": COMPUTER_NAME, "os": f"Windows 10 (build {OS_BUILD}.{OS_PLATFORM})",
                   "system_root": SYSTEM_ROOT, "cpus": CPUS, "ram_bytes": RAM_BYTES, "bits": 64 if log.is64 else 32},
        "processes": [{"index": p.index, "pid": p.pid, "ppid": p.ppid, "name": p.name, "image_path": p.image_path,
                       "command_line": p.command_line, "user": p.user, "integrity": p.integrity,
                       "session": p.session, "auth_id": p.auth_id, "is64": p.is64, "company": p.company,
                       "version": p.version, "description": p.description, "start_filetime": p.start,
                       "end_filetime": p.end, "modules": [module(m) for m in p.modules]} for p in log.procs],
        "events": [{"index": i, "offset": ev.offset, "process_index": ev.proc.index, "pid": ev.proc.pid,
                    "tid": ev.tid, "class": ev.cls, "operation": ev.op, "operation_name": ev.op_name,
                    "path": ev.path, "result": ev.result, "result_name": RESULT_NAMES[ev.result],
                    "filetime": ev.filetime, "duration": ev.duration, "stack": ev.stack, "detail": ev.text,
                    "category": ev.category} for i, ev in enumerate(log.events)],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="the .PML file to write")
    ap.add_argument("--bits", type=int, choices=(32, 64), default=64, help="pointer size of the traced system")
    ap.add_argument("--truth", help="where to write the truth JSON (default: OUT.truth.json)")
    ap.add_argument("--events", type=int, default=0, metavar="N_EXTRA",
                    help="append N more ReadFile/RegQueryValue events")
    ap.add_argument("--truncate-at", type=int, metavar="BYTES", help="write only the first BYTES of the file")
    ap.add_argument("--ipv6", action="store_true", help="curl talks to example.com over IPv6")
    a = ap.parse_args()

    log = Log(a.bits == 64)
    build_story(log, a.events, a.ipv6)
    data = write_pml(log)
    with open(a.out, "wb") as f:
        f.write(data if a.truncate_at is None else data[:a.truncate_at])
    with open(a.truth or a.out + ".truth.json", "w") as f:
        json.dump(truth(log, len(data), a.truncate_at), f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
