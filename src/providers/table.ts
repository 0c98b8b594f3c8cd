import type { FieldType, ProviderDefinition } from './types.js';
import { isSecretField } from './types.js';
import { DEFAULT_MAX_LENGTH } from './validation.js';

/** One provider as `nasconsole cloud providers --json` prints it: plain JSON, no functions. */
export interface ProviderTableEntry {
  id: string;
  label: string;
  rcloneType: string;
  /** `rclone authorize` backend name for providers that log in through a browser, else null. */
  oauthType: string | null;
  fields: Array<{
    key: string;
    label: string;
    help: string;
    type: FieldType;
    required: boolean;
    secret: boolean;
    default: string | number | boolean | null;
    choices: Array<{ value: string; label: string }> | null;
    advanced: string | null;
    maxLength: number;
    min: number | null;
    max: number | null;
    urlSchemes: string[] | null;
  }>;
}

export function tableOf(list: readonly ProviderDefinition[]): ProviderTableEntry[] {
  return list.map((provider) => ({
    id: provider.id,
    label: provider.label,
    rcloneType: provider.rclone.type,
    oauthType: provider.oauth?.authorizeType ?? null,
    fields: provider.fields.map((field) => ({
      key: field.key,
      label: field.label,
      help: field.help,
      type: field.type,
      required: field.required ?? false,
      secret: isSecretField(field),
      default: field.default ?? null,
      choices: field.choices?.map(({ value, label }) => ({ value, label })) ?? null,
      advanced: field.advanced ?? null,
      maxLength: field.maxLength ?? DEFAULT_MAX_LENGTH[field.type],
      min: field.min ?? null,
      max: field.max ?? null,
      urlSchemes: field.url ? [...field.url.schemes] : null,
    })),
  }));
}
