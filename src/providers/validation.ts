import { hostProblem, parseJsonObject, urlProblem } from './checks.js';
import { EXTRA_RCLONE_OPTIONS, extraOptionsProblem } from './extraRcloneOptions.js';
import { normalizeAttributes } from './normalize.js';
import { fieldsByKey, type Attributes, type ProviderDefinition, type ProviderField, type ValidationResult } from './types.js';

/** Longest value accepted when a field declares none. */
export const DEFAULT_MAX_LENGTH: Record<ProviderField['type'], number> = {
  text: 1024,
  secret: 1024,
  json: 65_536,
  number: 32,
  boolean: 8,
  choice: 64,
  keypair: 32,
};

/**
 * Field rules first (required, type, range, URL, host, JSON, pattern, length, then the field's
 * own), then the provider's rules across fields. A field keeps its first error only: the user
 * fixes one thing at a time. Messages start with the field's label so they read on their own.
 */
export function validateWith(provider: ProviderDefinition, raw: Attributes): ValidationResult {
  return validateNormalized(provider, normalizeAttributes(provider, raw), raw);
}

/**
 * validateWith for attributes normalizeAttributes already made (prepareAttributes' own):
 * normalizing is idempotent, so an upload's 10,000 records are not normalized twice.
 */
export function validateNormalized(provider: ProviderDefinition, attributes: Attributes, raw: Attributes = attributes): ValidationResult {
  const errors: Record<string, string> = {};
  const warnings: Record<string, string> = {};
  const known = fieldsByKey(provider);

  for (const field of provider.fields) {
    const value = attributes[field.key];
    if (value === undefined) {
      if (field.required) errors[field.key] = `${field.label} is required.`;
      continue;
    }
    const problem = fieldProblem(field, value, attributes);
    if (problem) {
      errors[field.key] = `${field.label} ${problem}`;
      continue;
    }
    const advice = field.warn?.(value, attributes);
    if (advice) warnings[field.key] = advice;
  }

  for (const key of Object.keys(raw)) {
    if (key === EXTRA_RCLONE_OPTIONS) {
      const problem = raw[key] === undefined || raw[key] === null ? undefined : extraOptionsProblem(provider, raw[key]);
      if (problem) errors[key] = `Extra rclone options: ${problem}`;
    } else if (!known.has(key)) {
      warnings[key] = `"${key}" is not an attribute of ${provider.label}: it is ignored.`;
    }
  }

  const extra = provider.validate?.(attributes) ?? {};
  for (const [key, message] of Object.entries(extra.errors ?? {})) errors[key] ??= message;
  for (const [key, message] of Object.entries(extra.warnings ?? {})) {
    if (!(key in errors)) warnings[key] ??= message;
  }
  return { errors, warnings };
}

/** The problem with one non-empty, normalized value, as the end of a sentence after the label. */
function fieldProblem(field: ProviderField, value: unknown, attributes: Attributes): string | undefined {
  const typeProblem = typeCheck(field, value);
  if (typeProblem) return typeProblem;
  if (typeof value === 'string') {
    const maxLength = field.maxLength ?? DEFAULT_MAX_LENGTH[field.type];
    if (value.length > maxLength) return `is too long: at most ${maxLength} characters.`;
    // rclone.conf and the terminal are line-based; only JSON may span lines (it is compacted).
    if (field.type !== 'json' && /[\u0000-\u001f\u007f]/.test(value)) return 'must be a single line without control characters.';
    if (field.url) {
      const problem = urlProblem(value, field.url.schemes, field.url.schemeOptional);
      if (problem) return problem;
    }
    if (field.host) {
      const problem = hostProblem(value);
      if (problem) return problem;
    }
    if (field.pattern && !field.pattern.regex.test(value)) return field.pattern.message;
  }
  const own = field.validate?.(value, attributes);
  return own;
}

function typeCheck(field: ProviderField, value: unknown): string | undefined {
  switch (field.type) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return rangeText(field, 'must be a whole number');
      if ((field.min !== undefined && value < field.min) || (field.max !== undefined && value > field.max)) return rangeText(field, 'must be');
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false.';
    case 'choice': {
      const values = (field.choices ?? []).map((choice) => choice.value);
      const stored = field.integerChoice ? typeof value === 'number' && values.includes(String(value)) : typeof value === 'string' && values.includes(value);
      return stored ? undefined : `must be one of ${values.join(', ')}.`;
    }
    case 'keypair':
      return typeof value === 'number' && Number.isInteger(value) && value > 0 ? undefined : 'must be the id of an SSH keypair.';
    case 'json': {
      if (typeof value !== 'string') return 'must be JSON text.';
      // A field with its own rule parses the JSON itself, with a message that fits it.
      if (field.validate) return undefined;
      const parsed = parseJsonObject(value);
      return typeof parsed === 'string' ? parsed : undefined;
    }
    default:
      return typeof value === 'string' ? undefined : 'must be text.';
  }
}

function rangeText(field: ProviderField, lead: string): string {
  if (field.min !== undefined && field.max !== undefined) return `${lead} from ${field.min} to ${field.max}.`;
  if (field.min !== undefined) return `${lead} at least ${field.min}.`;
  if (field.max !== undefined) return `${lead} at most ${field.max}.`;
  return `${lead}.`;
}
