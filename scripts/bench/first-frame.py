"""Time from exec to the first frame that shows `marker`, for a program run on a pty.
Usage: python3 first-frame.py MARKER RUNS -- COMMAND...   prints one ms figure per run.
With MARKER '-' it times until the program exits (for `node -e ''`)."""
import fcntl, os, pty, select, struct, sys, termios, time, signal

marker = sys.argv[1].encode()
runs = int(sys.argv[2])
command = sys.argv[sys.argv.index("--") + 1:]
for _ in range(runs):
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        # an 80x24 terminal emulator (a pty reporting 0x0 is a serial line, which the console asks for its size)
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.environ["CI"] = "false"
        os.execvp(command[0], command)
    seen = b""
    elapsed = None
    while True:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if marker != b"-" and marker in seen:
            elapsed = time.perf_counter() - start
            break
    if marker == b"-":
        os.waitpid(pid, 0)
        elapsed = time.perf_counter() - start
    else:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    print(f"{elapsed * 1000:.1f}" if elapsed is not None else "nan", flush=True)
