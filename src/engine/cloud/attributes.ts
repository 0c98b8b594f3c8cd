import {
  EXTRA_RCLONE_OPTIONS,
  extractTokenJson,
  fillDefaults,
  fieldsByKey,
  isSecretField,
  normalizeAttributes,
  validateNormalized,
  type Attributes,
  type ProviderDefinition,
  type ValidationResult,
} from '../../providers/index.js';

/**
 * What `cloud show` prints in place of a secret. Given back in an attributes file (a script
 * that edits what it showed), it means "keep the stored secret", never the secret itself.
 */
export const SECRET_MASK = '********';

/** Attribute key → message; `name` is the credential name's key. */
export type FieldProblems = Record<string, string>;

export interface PreparedAttributes extends ValidationResult {
  /** Normalized, defaults filled, unknown keys left out (an edit keeps the stored unknown ones). */
  attributes: Attributes;
}

export interface PrepareOptions {
  /** The stored attributes, for an edit: given keys change them, the others stay. */
  current?: Attributes;
  /** The keypair field's value, once resolved by the caller (a keypair id), or a problem. */
  keypair?: { id: number } | { problem: string } | { generate: true };
}

/**
 * Attributes as a form, an attributes file or an edit gives them, turned into what is stored:
 *  - on edit, a secret left empty (or given as the mask `cloud show` prints) keeps the stored
 *    one; another empty value, or null, removes the attribute;
 *  - a pasted `rclone authorize` output becomes the token JSON it holds;
 *  - numbers, booleans and choices normalized, declared defaults filled in;
 *  - keys the provider does not declare are left out, with a warning.
 */
export function prepareAttributes(provider: ProviderDefinition, given: Attributes, options: PrepareOptions = {}): PreparedAttributes {
  const fields = fieldsByKey(provider);
  const errors: FieldProblems = {};
  const warnings: FieldProblems = {};
  const { current } = options;
  const merged: Attributes = {};
  if (current) for (const [key, value] of Object.entries(current)) if (fields.has(key) || key === EXTRA_RCLONE_OPTIONS) merged[key] = value;

  for (const [key, value] of Object.entries(given)) {
    const field = fields.get(key);
    if (key === EXTRA_RCLONE_OPTIONS) {
      // An imported remote's other rclone options: replaced as a whole, null or {} removes them.
      if (value === null || value === '' || (typeof value === 'object' && Object.keys(value as object).length === 0)) delete merged[key];
      else merged[key] = value;
      continue;
    }
    if (!field) {
      warnings[key] = `"${key}" is not an attribute of ${provider.label}: it is ignored.`;
      continue;
    }
    const secret = isSecretField(field);
    if (secret && value === SECRET_MASK) {
      if (!current) errors[key] = `${field.label} is the mask that "cloud show" prints, not a value: give the secret itself.`;
      continue; // edit: keep the stored secret
    }
    if (value === null || value === undefined || value === '') {
      if (!(current && secret && value === '')) delete merged[key];
      continue;
    }
    merged[key] = value;
  }

  const token = fields.get('token');
  if (token && typeof merged.token === 'string' && !merged.token.trim().startsWith('{')) {
    try {
      merged.token = extractTokenJson(merged.token);
    } catch {
      // left as given: validation says what is wrong with it
    }
  }

  const keypairField = provider.fields.find((field) => field.type === 'keypair');
  if (keypairField && options.keypair) {
    if ('id' in options.keypair) merged[keypairField.key] = options.keypair.id;
    else if ('generate' in options.keypair) merged[keypairField.key] = GENERATED_KEYPAIR_PLACEHOLDER;
    else {
      delete merged[keypairField.key];
      errors[keypairField.key] = options.keypair.problem;
    }
  }

  const attributes = fillDefaults(provider, normalizeAttributes(provider, merged));
  const checked = validateNormalized(provider, attributes);
  for (const [key, message] of Object.entries(checked.errors)) errors[key] ??= message;
  for (const [key, message] of Object.entries(checked.warnings)) if (!(key in errors)) warnings[key] ??= message;

  for (const problems of [errors, warnings]) {
    for (const [key, message] of Object.entries(problems)) {
      const field = fields.get(key);
      if (field && isSecretField(field)) problems[key] = withoutSecret(message, attributes[key]);
    }
  }

  // Attributes the provider does not know that an older or newer system stored: kept as they were.
  if (current) for (const [key, value] of Object.entries(current)) if (!fields.has(key) && key !== EXTRA_RCLONE_OPTIONS) attributes[key] = value;
  return { attributes, errors, warnings };
}

/** A message about a secret field, safe to show even if a check were to quote the value. */
function withoutSecret(message: string, value: unknown): string {
  return typeof value === 'string' && value.length >= 4 ? message.split(value).join('[hidden]') : message;
}

/** Stands for "the keypair about to be generated" while the rest is validated. */
export const GENERATED_KEYPAIR_PLACEHOLDER = Number.MAX_SAFE_INTEGER;

/** Attributes for display: each secret replaced by the mask, unless revealed. */
export function maskAttributes(provider: ProviderDefinition | undefined, attributes: Attributes, reveal: boolean): { attributes: Attributes; hidden: string[]; secrets: string[] } {
  const hidden: string[] = [];
  const secrets: string[] = [];
  const shown: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    const field = provider?.fields.find((candidate) => candidate.key === key);
    // Unknown keys are secret: the safe default (as the store's policy has it).
    const secret = (field ? isSecretField(field) : true) && value !== undefined && value !== null && value !== '';
    if (secret) secrets.push(key);
    if (secret && !reveal) {
      shown[key] = SECRET_MASK;
      hidden.push(key);
    } else {
      shown[key] = value;
    }
  }
  return { attributes: shown, hidden, secrets };
}
