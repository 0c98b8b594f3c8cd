"""Runs a command on a pseudo-terminal and answers its prompts, as a person at a terminal would.
Usage: python3 ptyDialog.py EXPECT ANSWER [EXPECT ANSWER ...] -- COMMAND [ARG ...]
Each EXPECT is waited for (in the output since the previous answer), then ANSWER and Enter are
typed. Prints everything the command wrote and exits with its exit code (99: a prompt never came)."""
import os, pty, sys, time

split = sys.argv.index("--")
pairs = sys.argv[1:split]
command = sys.argv[split + 1:]
dialog = list(zip(pairs[0::2], pairs[1::2]))

pid, fd = pty.fork()
if pid == 0:
    os.execvp(command[0], command)

transcript = b""
def read_some(deadline):
    global transcript
    while time.time() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return False
        if not chunk:
            return False
        transcript += chunk
        return True
    return False

seen = 0
for expect, answer in dialog:
    deadline = time.time() + 50
    while expect.encode() not in transcript[seen:]:
        if not read_some(deadline):
            sys.stdout.write(transcript.decode(errors="replace"))
            os.kill(pid, 9)
            sys.exit(99)
    seen = transcript.index(expect.encode(), seen) + len(expect)
    os.write(fd, answer.encode() + b"\r")
while read_some(time.time() + 50):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode(errors="replace"))
sys.exit(os.waitstatus_to_exitcode(status))
