#!/usr/bin/env python3
"""A small, known workload for recorded fixtures; writes what it did (the ground truth) as JSON to argv[1].

File I/O, fork/exec/exit with known exit codes, a renamed forked child, renamed threads, a TCP exchange and a
UDP datagram on loopback: the activity later tracking features must recognise. The loopback address is
127.0.0.1, or ::1 with TRACESHARK_WORKLOAD_LOOPBACK=::1 (the IPv6 fixture); the truth's "loopback" says which.
With TRACESHARK_WORKLOAD_REMOTE=HOST:PORT it also makes an HTTP HEAD request to that web server over a real
interface (the real-interface fixture), noted as "remote_tcp".
"""
import ctypes
import json
import os
import socket
import subprocess
import sys
import threading
import time

PR_SET_NAME = 15
libc = ctypes.CDLL(None, use_errno=True)
uname = os.uname()
truth = {
    "root_pid": os.getpid(),
    "comm": None,
    "machine": {"hostname": uname.nodename, "release": uname.release, "version": uname.version,
                "arch": uname.machine, "cpus": os.cpu_count()},
    "events": [],
    "loopback": os.environ.get("TRACESHARK_WORKLOAD_LOOPBACK", "127.0.0.1"),
}
LOOPBACK = truth["loopback"]
FAMILY = socket.AF_INET6 if ":" in LOOPBACK else socket.AF_INET


def note(kind, **fields):
    fields["kind"] = kind
    truth["events"].append(fields)


def set_thread_name(name):
    libc.prctl(PR_SET_NAME, name.encode(), 0, 0, 0)


set_thread_name("ts-workload")
truth["comm"] = "ts-workload"
workdir = f"/tmp/traceshark-fixture-{os.getpid()}"
os.makedirs(workdir, exist_ok=True)
note("mkdir", path=workdir, pid=os.getpid())
data = os.path.join(workdir, "data.txt")
with open(data, "w") as f:
    f.write("hello traceshark\n" * 100)
note("file_write", path=data, pid=os.getpid(), bytes=1700)
with open(data) as f:
    read = len(f.read())
note("file_read", path=data, pid=os.getpid(), bytes=read)
renamed = os.path.join(workdir, "renamed.txt")
os.rename(data, renamed)
note("rename", old=data, new=renamed)
os.unlink(renamed)
note("unlink", path=renamed)
os.rmdir(workdir)
note("rmdir", path=workdir)

p = subprocess.run(["/bin/sh", "-c", "exit 3"])
note("child_exit", path="/bin/sh", code=p.returncode)
p = subprocess.Popen(["/bin/true"])
p.wait()
note("exec", pid=p.pid, path="/bin/true", code=p.returncode)

pid = os.fork()
if pid == 0:
    set_thread_name("forked-child")
    os._exit(7)
_, status = os.waitpid(pid, 0)
note("fork_rename_exit", pid=pid, comm="forked-child", code=os.waitstatus_to_exitcode(status))


def worker(n):
    set_thread_name(f"worker-{n}")
    note("thread", tid=threading.get_native_id(), comm=f"worker-{n}")
    time.sleep(0.05)


threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()

srv = socket.socket(FAMILY)
srv.bind((LOOPBACK, 0))
srv.listen(1)
port = srv.getsockname()[1]


served = {}


def serve():
    conn, _ = srv.accept()
    served["tid"] = threading.get_native_id()
    served["received"] = len(request := conn.recv(100))
    conn.sendall(request.upper())
    conn.close()


server = threading.Thread(target=serve)
server.start()
client = socket.create_connection((LOOPBACK, port))
client_port = client.getsockname()[1]
client.sendall(b"ping")
answer = client.recv(100)
client.close()
server.join()
srv.close()
# bytes: each direction (client -> server "ping", server -> client "PING").
note("tcp", server_port=port, client_port=client_port, bytes=4, client_pid=os.getpid(),
     client_tid=threading.get_native_id(), server_tid=served["tid"], received=served["received"],
     answered=len(answer))

udp = socket.socket(FAMILY, socket.SOCK_DGRAM)
udp.sendto(b"x" * 32, (LOOPBACK, 9))
note("udp", dport=9, bytes=32, sport=udp.getsockname()[1], pid=os.getpid())
udp.close()

remote = os.environ.get("TRACESHARK_WORKLOAD_REMOTE")
if remote:
    host, _, rport = remote.rpartition(":")
    web = socket.create_connection((host, int(rport)), timeout=10)
    request = f"HEAD / HTTP/1.0\r\nHost: {host}\r\n\r\n".encode()
    web.sendall(request)
    reply = b""
    while chunk := web.recv(4096):
        reply += chunk
    local_addr, local_port = web.getsockname()[:2]
    remote_addr = web.getpeername()[0]
    web.close()
    # sent/received: the bytes of the one sendall and of all the recv calls (the server closes after its answer).
    note("remote_tcp", host=host, port=int(rport), remote_addr=remote_addr, local_addr=local_addr,
         local_port=local_port, sent=len(request), received=len(reply), pid=os.getpid(),
         tid=threading.get_native_id())

with open(sys.argv[1], "w") as out:
    json.dump(truth, out, indent=1)
