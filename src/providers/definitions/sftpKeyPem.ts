/**
 * rclone's sftp `key_pem` option holds the PEM on one line: rclone 1.60 wraps the value in
 * double quotes and reads it with Go's strconv.Unquote, so newlines are written as `\n` and
 * backslashes and double quotes escaped the same way.
 */
export function keyPemOption(pem: string): string {
  return pem
    .replace(/\r\n?/g, '\n')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** The inverse, for the escapes Go's unquoting knows (import of configs written by others). */
export function keyPemFromOption(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (whole, escape: string) => {
    if (escape in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[escape]!;
    if (/^[xuU]/.test(escape)) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/^[0-7]{3}$/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    return whole;
  });
}
