import { RCLONE_BACKEND_OPTIONS } from './rcloneBackendOptions.js';
import type { Attributes, ProviderDefinition, RcloneOptionMapping } from './types.js';

/**
 * The attribute that carries the options of an imported rclone remote that no field holds but
 * the provider's rclone backend uses (`session_token`, `hard_delete`, `box_sub_type`, `scope`,
 * `bucket_policy_only`...): an object of option → text exactly as rclone.conf had it (obscured
 * ones stay obscured). Export and verify write them back, so a remote works the same after a
 * round trip. Not a form field (the original system has no such attribute); it is secret by
 * default like every attribute a provider does not declare (masked, encrypted).
 */
export const EXTRA_RCLONE_OPTIONS = 'extra_rclone_options';

/**
 * Options a stored credential never carries, whatever the backend: they read files or the
 * environment of the machine that runs rclone, run programs, use an agent or a prompt, or hold
 * what a keypair holds. A credential carries its own values, nothing from where it runs.
 */
const NEVER_KEPT: readonly RegExp[] = [/_file$/, /_command$/, /^ssh$/, /^env_auth$/, /^profile$/, /^ask_password$/, /^key_pem$/, /^key_file_pass$/, /^key_use_agent$/, /^use_msi$/, /^msi_/];

const MAX_EXTRA_OPTIONS = 64;
const MAX_EXTRA_VALUE_LENGTH = 4096;

/** The rclone options a provider's fields and fixed settings write: never extra. */
function ownOptions(provider: ProviderDefinition): Set<string> {
  const mapped = Object.values(provider.rclone.options).map((mapping: string | RcloneOptionMapping) => (typeof mapping === 'string' ? mapping : mapping.option));
  return new Set(['type', ...Object.keys(provider.rclone.fixed ?? {}), ...mapped]);
}

/** Whether an option of a remote of this provider may be kept as an extra option. */
export function isKeepableOption(provider: ProviderDefinition, option: string): boolean {
  const known = RCLONE_BACKEND_OPTIONS[provider.rclone.type] ?? [];
  return known.includes(option) && !NEVER_KEPT.some((rule) => rule.test(option)) && !ownOptions(provider).has(option);
}

/** What is wrong with an extra-options value, as the end of a sentence; undefined when fine. */
export function extraOptionsProblem(provider: ProviderDefinition, value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be an object of rclone option names to text values.';
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_EXTRA_OPTIONS) return `holds more than ${MAX_EXTRA_OPTIONS} options.`;
  const notKeepable = entries.filter(([option]) => !isKeepableOption(provider, option)).map(([option]) => JSON.stringify(option));
  if (notKeepable.length > 0) return `names ${notKeepable.join(', ')}, which ${provider.label} cannot carry as an extra rclone option (not an option of rclone's ${provider.rclone.type} backend, one a field holds, or one that reads this machine's files or environment).`;
  for (const [option, text] of entries) {
    if (typeof text !== 'string') return `option ${option} must be text.`;
    if (text.length > MAX_EXTRA_VALUE_LENGTH) return `option ${option} is too long: at most ${MAX_EXTRA_VALUE_LENGTH} characters.`;
     
    if (/[\u0000-\u001f\u007f]/.test(text)) return `option ${option} must be a single line without control characters.`;
  }
  return undefined;
}

/** The extra options of stored attributes that may be written: only valid, keepable, non-empty ones. */
export function extraOptionsOf(provider: ProviderDefinition, attributes: Attributes): Record<string, string> {
  const value = attributes[EXTRA_RCLONE_OPTIONS];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const kept: Record<string, string> = {};
  for (const [option, text] of Object.entries(value as Record<string, unknown>)) {
     
    if (typeof text === 'string' && text !== '' && !/[\u0000-\u001f\u007f]/.test(text) && isKeepableOption(provider, option)) kept[option] = text;
  }
  return kept;
}
