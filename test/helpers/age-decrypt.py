"""Decrypts a passphrase-protected age file with the real `age` CLI, which reads passphrases
only from a terminal: run it on a pseudo-terminal and type the passphrase at its prompt.
Usage: AGE_TEST_PASSPHRASE=... python3 age-decrypt.py INPUT OUTPUT"""
import os, pty, sys, time

source, target = sys.argv[1], sys.argv[2]
passphrase = os.environ["AGE_TEST_PASSPHRASE"].encode()
pid, fd = pty.fork()
if pid == 0:
    os.execvp("age", ["age", "--decrypt", "--output", target, source])
buffer = b""
deadline = time.time() + 50
while b"passphrase" not in buffer.lower() and time.time() < deadline:
    try:
        buffer += os.read(fd, 1024)
    except OSError:
        break
os.write(fd, passphrase + b"\n")
while True:
    try:
        if not os.read(fd, 1024):
            break
    except OSError:
        break
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
