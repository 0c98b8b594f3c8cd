/** Checks shared by several providers' fields. Each returns a message, or undefined when fine. */

export function parseJsonObject(text: string): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Never pass on JSON.parse's message: Node quotes the text around the error, and the text
    // is usually a secret (a token, a service account key). Say where, not what.
    return `is not valid JSON${jsonErrorPlace(text, (error as Error).message)}.`;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return 'must be a JSON object ({...}).';
  return parsed as Record<string, unknown>;
}

function jsonErrorPlace(text: string, message: string): string {
  if (text.trim() === '') return ' (it is empty)';
  if (/end of (JSON|data)/i.test(message)) return ' (it ends too early)';
  const position = /position (\d+)/.exec(message);
  return position ? ` (error at character ${Number(position[1]) + 1})` : '';
}

/** An OAuth token as `rclone authorize` prints it: {"access_token": ..., "refresh_token": ...}. */
export function tokenJsonProblem(text: string): string | undefined {
  const parsed = parseJsonObject(text);
  if (typeof parsed === 'string') {
    return `${parsed} Paste the JSON that rclone authorize prints, e.g. {"access_token":"...","token_type":"Bearer",...}.`;
  }
  if (typeof parsed.access_token !== 'string' || parsed.access_token.trim() === '') {
    return 'must contain a non-empty "access_token".';
  }
  return undefined;
}

const SERVICE_ACCOUNT_KEYS = ['type', 'project_id', 'private_key', 'client_email'] as const;

/** A Google service account key file, as the Google Cloud console downloads it. */
export function serviceAccountProblem(text: string): string | undefined {
  const parsed = parseJsonObject(text);
  if (typeof parsed === 'string') return parsed;
  const missing = SERVICE_ACCOUNT_KEYS.filter((key) => typeof parsed[key] !== 'string' || (parsed[key] as string).trim() === '');
  if (missing.length > 0) return `is not a service account key: missing ${missing.map((key) => `"${key}"`).join(', ')}.`;
  if (parsed.type !== 'service_account') return `is not a service account key: "type" is "${String(parsed.type)}", not "service_account".`;
  if (!String(parsed.private_key).includes('PRIVATE KEY')) return 'is not a service account key: "private_key" holds no PEM private key.';
  return undefined;
}

/** Standard base64 with padding, as Azure shows account keys. */
export function isBase64(text: string): boolean {
  return text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

/** Host names and IP addresses: no scheme, no path, no spaces. Messages end a sentence after the label. */
export function hostProblem(text: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return 'must be the host name only, without a scheme such as ftp:// or sftp://.';
  if (/[\s/?#@]/.test(text)) return 'must be a host name or IP address (no spaces, "/", "?", "#" or "@").';
  if (text.startsWith('[') && text.endsWith(']')) return 'must be an IPv6 address without brackets.';
  if (!/^[A-Za-z0-9._:-]+$/.test(text)) return 'must be a host name or IP address (letters, digits, ".", "-", ":").';
  return undefined;
}

/** `schemeOptional`: a value without "scheme://" is read as rclone reads it, as https://value. */
export function urlProblem(text: string, schemes: readonly string[], schemeOptional = false): string | undefined {
  const withScheme = schemeOptional && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? `https://${text}` : text;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return schemeOptional
      ? `is not a valid URL: it should look like ${schemes[0]}://host/path, or a host name such as s3.example.com.`
      : `is not a valid URL: it should look like ${schemes[0]}://host/path.`;
  }
  const scheme = url.protocol.replace(/:$/, '');
  if (!schemes.includes(scheme)) return `must start with ${schemes.map((s) => `${s}://`).join(' or ')}.`;
  if (!url.hostname) return 'has no host name.';
  return undefined;
}
