import { EXTRA_RCLONE_OPTIONS, extraOptionsOf, isKeepableOption } from './extraRcloneOptions.js';
import { normalizeAttributes, normalizeValue, withDefaults } from './normalize.js';
import type { Attributes, ProviderDefinition, RcloneContext, RcloneImportHookResult, RcloneOptionMapping } from './types.js';

/** One entry of a provider's option table, with the defaults spelled out. */
export function optionMappings(provider: ProviderDefinition): Array<{ key: string } & Required<Pick<RcloneOptionMapping, 'option'>> & RcloneOptionMapping> {
  return Object.entries(provider.rclone.options).map(([key, mapping]) =>
    typeof mapping === 'string' ? { key, option: mapping } : { key, ...mapping },
  );
}

/**
 * The rclone options of a remote for these attributes, in plain text: obscuring the options the
 * backend reads obscured is the rclone bridge's job (src/engine/rclone/section.ts).
 */
export function plainRcloneOptions(provider: ProviderDefinition, attributes: Attributes, ctx: RcloneContext): Record<string, string> {
  const values = withDefaults(provider, normalizeAttributes(provider, attributes));
  const fields = new Map(provider.fields.map((field) => [field.key, field]));
  const options: Record<string, string> = { type: provider.rclone.type, ...provider.rclone.fixed };
  for (const mapping of optionMappings(provider)) {
    const value = values[mapping.key];
    if (value === undefined) continue;
    const text = mapping.toRclone ? mapping.toRclone(value) : defaultToRclone(fields.get(mapping.key)?.type, value);
    if (text !== undefined) options[mapping.option] = text;
  }
  Object.assign(options, provider.rclone.extraOptions?.(values, ctx));
  // Kept options of an imported remote, where nothing above wrote the option.
  for (const [option, text] of Object.entries(extraOptionsOf(provider, values))) options[option] ??= text;
  return options;
}

function defaultToRclone(type: string | undefined, value: unknown): string | undefined {
  if (type === 'json' && typeof value === 'string') {
    // rclone.conf values are one line: compact the JSON (validation made sure it parses).
    try {
      return JSON.stringify(JSON.parse(value));
    } catch {
      return value;
    }
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'object') return undefined; // nothing an option holds (validation refuses it)
  return String(value);
}

export interface MappedImport {
  attributes: Attributes;
  privateKey?: RcloneImportHookResult['privateKey'];
  /** Options no field holds that the backend uses: kept in the extra rclone options attribute. */
  keptOptions: string[];
  /** rclone options present in the section that are dropped (see extraRcloneOptions.ts). */
  ignoredOptions: string[];
  notes: string[];
}

/**
 * Attributes from an rclone remote's options (obscured ones already revealed). Returns a
 * reason string when the remote cannot be represented as this provider.
 */
export function attributesFromRclone(provider: ProviderDefinition, options: Readonly<Record<string, string>>): MappedImport | string {
  const hook = provider.rclone.fromRclone?.(options) ?? {};
  if (hook.skip) return hook.skip;
  const fields = new Map(provider.fields.map((field) => [field.key, field]));
  const attributes: Attributes = {};
  const used = new Set<string>(['type', ...Object.keys(provider.rclone.fixed ?? {}), ...(hook.consumed ?? [])]);
  for (const mapping of optionMappings(provider)) {
    const text = options[mapping.option];
    if (text === undefined) continue;
    used.add(mapping.option);
    if (text === '') continue;
    const field = fields.get(mapping.key);
    const value = mapping.fromRclone ? mapping.fromRclone(text) : field ? normalizeValue(field, text) : text;
    if (value !== undefined) attributes[mapping.key] = value;
  }
  Object.assign(attributes, hook.attributes);
  const unused = Object.keys(options).filter((option) => !used.has(option) && options[option] !== '');
  const keptOptions = unused.filter((option) => isKeepableOption(provider, option));
  if (keptOptions.length > 0) attributes[EXTRA_RCLONE_OPTIONS] = Object.fromEntries(keptOptions.map((option) => [option, options[option]!]));
  const ignoredOptions = unused.filter((option) => !keptOptions.includes(option));
  return { attributes, privateKey: hook.privateKey, keptOptions, ignoredOptions, notes: [...(hook.notes ?? [])] };
}
