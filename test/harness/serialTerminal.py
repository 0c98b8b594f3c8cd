"""A serial terminal for the console: a pty that reports no size (0x0, as a serial line does)
and, unless told not to, answers the cursor-position request the way a vt100 does.
Usage: python3 serialTerminal.py STEP [STEP ...] -- COMMAND [ARG ...]
Steps, in order:
  answer:ROWS;COLS  wait for ESC[6n, then answer ESC[ROWS;COLSR
  expect:TEXT       wait until TEXT appears in the output after the previous step
  send:TEXT         type TEXT (Python escapes: \\x1b[B is Down)
Writes everything the command wrote to stdout (bytes as they came) and exits with its exit
code (99: an expected text never came)."""
import fcntl, os, pty, select, struct, sys, termios, time

split = sys.argv.index("--")
steps = sys.argv[1:split]
command = sys.argv[split + 1:]

pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 0, 0, 0, 0))

transcript = b""
deadline = time.time() + 40  # the whole run: a hung console never hangs the test

def unescape(text):
    return text.encode().decode("unicode_escape").encode("latin1")

def read_until(expected, seen):
    global transcript
    while expected not in transcript[seen:]:
        if time.time() > deadline or not select.select([fd], [], [], max(0, deadline - time.time()))[0]:
            return -1
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return -1
        if not chunk:
            return -1
        transcript += chunk
    return transcript.index(expected, seen) + len(expected)

def finish(code):
    sys.stdout.buffer.write(transcript)
    sys.exit(code)

seen = 0
for step in steps:
    kind, _, value = step.partition(":")
    if kind == "answer":
        seen = read_until(b"\x1b[6n", seen)
        if seen < 0:
            os.kill(pid, 9); finish(99)
        os.write(fd, b"\x1b[" + value.encode() + b"R")
    elif kind == "expect":
        seen = read_until(unescape(value), seen)
        if seen < 0:
            os.kill(pid, 9); finish(99)
    elif kind == "send":
        os.write(fd, unescape(value))
while True:
    if time.time() > deadline or not select.select([fd], [], [], max(0, deadline - time.time()))[0]:
        os.kill(pid, 9)
        break
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    transcript += chunk
_, status = os.waitpid(pid, 0)
finish(os.waitstatus_to_exitcode(status))
