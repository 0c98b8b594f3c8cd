import { UserError } from '../../common/errors.js';
import { isEncryptedRcloneConf } from './configEncryption.js';

/**
 * rclone.conf as rclone 1.60 reads it (its config file library, goconfig), written and parsed
 * here rather than with the `ini` package, which would get rclone's files wrong: it splits
 * section names at "." ("[my.nas]" becomes nested objects), cuts values at ";" and "#",
 * turns "true" into a boolean and escapes on output with "\;", which rclone keeps literally.
 *
 * goconfig's rules: "[name]" opens a section (name trimmed); "key = value" or "key: value"
 * (the key ends at the first "=" or ":"); lines starting with "#" or ";" are comments; a value
 * is trimmed, unless it is wrapped in backquotes (or triple double quotes), which keep it
 * whole (the closing quote is the last one on the line); there are no inline comments and no
 * escapes. Values cannot span lines.
 *
 * goconfig also replaces "%(name)s" in a value with another option's value, recursively (rclone
 * 1.60 overflows its stack on `x = %(x)s%(x)s`). That is never done here: values are read as
 * written, and a remote whose values use such a variable is the caller's to refuse
 * (`usesVariables`), so an expansion can neither blow up nor silently differ from rclone's.
 */

export interface RcloneConfSection {
  name: string;
  options: Record<string, string>;
}

const VARIABLE = /%\([^)]+\)s/;

/** The options of a section whose value holds a "%(name)s" variable (rclone would expand it). */
export function optionsUsingVariables(options: Readonly<Record<string, string>>): string[] {
  return Object.keys(options).filter((key) => VARIABLE.test(options[key]!));
}

/** rclone 1.60's rule for remote names, plus what a command line can pass as "name:". */
export function rcloneRemoteNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (!/^[A-Za-z0-9_. -]+$/.test(name)) return 'may only contain letters A-Z and a-z, digits, "_", "-", "." and spaces in an rclone remote name';
  if (name.startsWith('-')) return 'cannot start with "-" in an rclone remote name (it would read as a command-line flag)';
  if (name !== name.trim()) return 'cannot start or end with a space in an rclone remote name';
  return undefined;
}

export function formatRcloneConf(sections: readonly RcloneConfSection[], header?: string): string {
  const lines: string[] = [];
  if (header) lines.push(...header.split('\n').map((line) => `# ${line}`), '');
  for (const section of sections) {
    const problem = rcloneRemoteNameProblem(section.name);
    if (problem) throw new UserError(`"${section.name}" ${problem}.`);
    lines.push(`[${section.name}]`);
    for (const [key, value] of Object.entries(section.options)) lines.push(`${key} = ${encodeValue(section.name, key, value)}`);
    lines.push('');
  }
  return lines.join('\n');
}

function encodeValue(section: string, key: string, value: string): string {
  // Say which option, never the value: it may be a secret.
  if (/[\r\n]/.test(value)) throw new UserError(`Option ${key} of [${section}] spans several lines, which rclone.conf cannot hold.`);
  if (VARIABLE.test(value)) throw new UserError(`Option ${key} of [${section}] contains "%(...)s", which rclone would replace with another option's value.`);
  const needsQuotes = value !== value.trim() || value.startsWith('`') || value.startsWith('"""');
  return needsQuotes ? `\`${value}\`` : value;
}

export function parseRcloneConfText(text: string): RcloneConfSection[] {
  if (isEncryptedRcloneConf(text)) throw new UserError('This rclone.conf is encrypted: decrypt it with its rclone config password first.', { reason: 'password-required' });
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  body.split('\n').forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) return;
    if (line.startsWith('[') && line.endsWith(']')) {
      const name = line.slice(1, -1).trim();
      current = sections.get(name) ?? {};
      sections.set(name, current);
      return;
    }
    if (!current) throw new UserError(`Line ${index + 1} of the rclone.conf is outside any [section].`);
    const separator = line.search(/[=:]/);
    if (separator <= 0) throw new UserError(`Line ${index + 1} of the rclone.conf is not "key = value".`);
    current[line.slice(0, separator).trim()] = decodeValue(line.slice(separator + 1).trim(), index + 1);
  });
  // [DEFAULT] holds goconfig's variables, which are not expanded here: it is not a remote.
  return [...sections].filter(([name]) => name !== 'DEFAULT').map(([name, options]) => ({ name, options }));
}

function decodeValue(right: string, lineNumber: number): string {
  const quote = right.length >= 2 && right.startsWith('`') ? '`' : right.length >= 6 && right.startsWith('"""') ? '"""' : '';
  if (!quote) return right;
  const close = right.lastIndexOf(quote);
  if (close < quote.length) throw new UserError(`Line ${lineNumber} of the rclone.conf has an unclosed ${quote} quote.`);
  return right.slice(quote.length, close);
}
