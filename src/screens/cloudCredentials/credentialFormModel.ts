import type { CloudCredentialDetails, CloudCredentialInput, FieldProblems, KeypairOption } from '../../engine/cloud/index.js';
import { isSecretField, type ProviderDefinition, type ProviderField } from '../../providers/index.js';
import type { Choice, FieldMessages, FormField, FormValues } from '../../widgets/index.js';

/**
 * A provider's form, generated from its declared fields (src/providers): the screen knows no
 * provider by name. Form field names are the attribute keys, plus `name` for the credential's
 * name and `<key>:file` for a field that can be loaded from a file (the seed's "Choose File").
 */
export const NAME_FIELD = 'name';
export const GENERATE_KEYPAIR = 'generate';
const FILE_SUFFIX = ':file';

export interface CredentialFormModel {
  readonly fields: readonly FormField[];
  readonly initialValues: FormValues;
}

export function fileFieldName(key: string): string {
  return `${key}${FILE_SUFFIX}`;
}

function choicesOf(field: ProviderField, keypairs: readonly KeypairOption[]): Choice[] {
  if (field.type === 'keypair') {
    return [
      { value: '', label: '(none: log in with the password)' },
      { value: GENERATE_KEYPAIR, label: 'Generate New' },
      ...keypairs.map((keypair) => ({ value: String(keypair.id), label: keypair.name })),
    ];
  }
  const declared = (field.choices ?? []).map(({ value, label }) => ({ value, label }));
  if (field.default !== undefined) return declared;
  return [{ value: '', label: field.required ? '(choose one)' : '(none)' }, ...declared];
}

function formFieldOf(field: ProviderField, editing: boolean, keypairs: readonly KeypairOption[]): FormField[] {
  const common = { name: field.key, label: field.label, help: field.help, ...(field.advanced ? { advanced: field.advanced } : {}) };
  const defaultText = field.default === undefined ? undefined : `default ${String(field.default)}`;
  switch (field.type) {
    case 'secret':
      return [{ ...common, kind: 'secret', keepExisting: editing }];
    case 'number':
      return [{ ...common, kind: 'number', ...(defaultText ? { placeholder: defaultText } : {}) }];
    case 'boolean':
      return [{ ...common, kind: 'boolean' }];
    case 'choice':
    case 'keypair':
      return [{ ...common, kind: 'choice', choices: choicesOf(field, keypairs) }];
    case 'json': {
      const json: FormField = { ...common, kind: 'multiline', rows: 3, secret: isSecretField(field), keepExisting: editing };
      if (!field.fileInput) return [json];
      return [json, { name: fileFieldName(field.key), label: field.fileInput.label, help: `${field.fileInput.help} Give the file's path here instead of pasting.`, kind: 'text', ...(field.advanced ? { advanced: field.advanced } : {}) }];
    }
    default:
      return [{ ...common, kind: 'text', ...(defaultText ? { placeholder: defaultText } : {}) }];
  }
}

/** The add form (empty, defaults shown) or the edit form (stored values; secrets "keep existing"). */
export function credentialForm(provider: ProviderDefinition, keypairs: readonly KeypairOption[], existing?: CloudCredentialDetails): CredentialFormModel {
  const editing = existing !== undefined;
  const fields: FormField[] = [
    { name: NAME_FIELD, label: 'Name', kind: 'text', help: 'A unique name for this credential: backup tasks refer to it.' },
    ...provider.fields.flatMap((field) => formFieldOf(field, editing, keypairs)),
  ];
  const initialValues: FormValues = { [NAME_FIELD]: existing?.name ?? '' };
  for (const field of provider.fields) {
    const stored = existing?.attributes[field.key];
    const hidden = existing?.hidden.includes(field.key) ?? false;
    if (hidden) initialValues[field.key] = '';
    else if (field.type === 'boolean') initialValues[field.key] = stored === true || (stored === undefined && field.default === true);
    else if (stored !== undefined && stored !== null) initialValues[field.key] = String(stored);
    // A number's default is its placeholder (left empty, the engine fills it in); a choice shows it selected.
    else if (!editing && field.default !== undefined && field.type === 'choice') initialValues[field.key] = String(field.default);
    else initialValues[field.key] = '';
  }
  return { fields, initialValues };
}

/** What the engine takes from the form: text as typed (it normalizes), the keypair choice. */
export function credentialInput(provider: ProviderDefinition, values: FormValues): CloudCredentialInput {
  const attributes: Record<string, unknown> = {};
  let generateKeypair = false;
  for (const field of provider.fields) {
    const value = values[field.key];
    if (field.type === 'keypair' && value === GENERATE_KEYPAIR) generateKeypair = true;
    else attributes[field.key] = value ?? '';
  }
  return { name: String(values[NAME_FIELD] ?? ''), provider: provider.id, attributes, ...(generateKeypair ? { generateKeypair: true } : {}) };
}

/** The "Choose File" paths the user gave: attribute key → path. */
export function filePaths(provider: ProviderDefinition, values: FormValues): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const field of provider.fields) {
    const path = values[fileFieldName(field.key)];
    if (field.fileInput && typeof path === 'string' && path.trim()) paths[field.key] = path.trim();
  }
  return paths;
}

/**
 * Problems at their fields. Errors of fields the user has not touched yet wait until a save
 * is tried (an empty form is not a wall of red); warnings show at once. A field about to be
 * loaded from a file is not "required".
 */
export function formMessages(problems: { errors: FieldProblems; warnings: FieldProblems }, values: FormValues, initial: FormValues, showAll: boolean, files: Record<string, string>): FieldMessages {
  const messages: Record<string, { error?: string; warning?: string }> = {};
  for (const [key, error] of Object.entries(problems.errors)) {
    if (files[key]) continue;
    if (showAll || (values[key] ?? '') !== (initial[key] ?? '')) messages[key] = { error };
  }
  for (const [key, warning] of Object.entries(problems.warnings)) {
    if (!(key in values)) continue; // about a key the form does not show
    messages[key] = { ...messages[key], warning };
  }
  return messages;
}
