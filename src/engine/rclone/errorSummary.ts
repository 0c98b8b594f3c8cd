/**
 * One clean line from rclone's stderr for the user, the full text kept for "details".
 *
 * rclone logs lines like
 *   2026/11/24 10:00:00 ERROR : : error listing: couldn't list files: 401 Unauthorized
 *   2026/11/24 10:00:00 Failed to lsjson with 2 errors: last error was: error in ListJSON: ...
 *   2026/11/24 10:00:00 Failed to create file system for "remote:": NewFs: failed to make ...
 * and some errors continue on indented lines (S3's "status code: 403, request id: ...").
 * The fatal line is the summary; its wrappers, which say where rclone was rather than what
 * went wrong, are peeled off.
 */
const TIMESTAMP = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? /;
const LEVEL = /^(ERROR|NOTICE|CRITICAL|INFO|DEBUG) : (?:[^:]*: )?/;
const WRAPPERS = [
  /^Fatal error: /,
  /^Failed to create file system for "[^"]*": /,
  /^Failed to lsjson with \d+ errors: last error was: /,
  /^Failed to lsjson: /,
  /^Failed to [a-z]+: /,
  /^error in ListJSON: /,
  /^error listing "[^"]*": /,
  /^error listing: /,
  /^NewFs: /,
  /^couldn't list files: /,
  /^failed to readDir: /,
];
const MAX_SUMMARY = 300;

export function summarizeRcloneError(stderr: string, secrets: readonly string[] = []): string {
  const logical: string[] = [];
  for (const raw of redact(stderr, secrets).split('\n')) {
    if (raw.trim() === '') continue;
    if (/^\s/.test(raw) && logical.length > 0) logical[logical.length - 1] += ` ${raw.trim()}`;
    else logical.push(raw.trim());
  }
  const lines = logical.map((line) => line.replace(TIMESTAMP, ''));
  const fatal = [...lines].reverse().find((line) => /^(Failed to |Fatal error|CRITICAL)/.test(line));
  const chosen = fatal ?? [...lines].reverse().find((line) => line.startsWith('ERROR')) ?? lines.at(-1) ?? '';
  let summary = chosen.replace(LEVEL, '');
  for (let changed = true; changed; ) {
    changed = false;
    for (const wrapper of WRAPPERS) {
      const next = summary.replace(wrapper, '');
      if (next !== summary && next.trim() !== '') {
        summary = next;
        changed = true;
      }
    }
  }
  summary = summary
    .replace(/\s*status code: (\d+), request id: [^,]*, host id: ?\S*\s*$/, ' (HTTP $1)')
    // rclone's advice names the temporary remote; here the way out is a new login.
    .replace(/ - manually refresh with "rclone config reconnect [^"]*"/, ': log in to the provider again for a new token')
    .replace(/\s+/g, ' ')
    .trim();
  if (summary === '') return 'rclone failed without saying why.';
  return summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary;
}

/** Defence in depth: rclone should never print a secret, but if it echoes one, hide it. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)) {
    result = result.split(secret).join('***');
  }
  return result;
}
