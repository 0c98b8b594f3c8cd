/**
 * The fields a `Form` can hold. Values are plain: strings, and booleans for toggles. A form
 * never logs or echoes a secret; a secret is shown masked until its reveal key is pressed.
 */
export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

export interface FieldMessage {
  readonly error?: string | undefined;
  readonly warning?: string | undefined;
}
/** Per field name: shown under the field. A form with any error refuses to submit. */
export type FieldMessages = Readonly<Record<string, FieldMessage | undefined>>;

interface FieldCommon {
  readonly name: string;
  readonly label: string;
  /** One line shown at the bottom of the form while the field has focus. */
  readonly help?: string;
  /**
   * Folded until its group's row is opened: a string names the group ("Endpoint Advanced
   * Options"), `true` puts the field in the default group, "Advanced options".
   */
  readonly advanced?: boolean | string;
}

export interface TextFieldSpec extends FieldCommon {
  readonly kind: 'text';
  readonly placeholder?: string;
}

export interface SecretFieldSpec extends FieldCommon {
  readonly kind: 'secret';
  /** Edit forms: empty means "keep the stored secret", shown as a placeholder, never as the secret. */
  readonly keepExisting?: boolean;
}

export interface NumberFieldSpec extends FieldCommon {
  readonly kind: 'number';
  readonly allowNegative?: boolean;
  readonly placeholder?: string;
}

export interface BooleanFieldSpec extends FieldCommon {
  readonly kind: 'boolean';
}

export interface Choice {
  readonly value: string;
  readonly label: string;
}

export interface ChoiceFieldSpec extends FieldCommon {
  readonly kind: 'choice';
  readonly choices: readonly Choice[];
}

/** Pasted keys, JSON: Enter adds a line, Tab leaves the field. */
export interface MultilineFieldSpec extends FieldCommon {
  readonly kind: 'multiline';
  /** Visible lines (default 4). */
  readonly rows?: number;
  /** A private key: hidden (only its line count is shown) until revealed. */
  readonly secret?: boolean;
  readonly keepExisting?: boolean;
}

export type FormField =
  | TextFieldSpec
  | SecretFieldSpec
  | NumberFieldSpec
  | BooleanFieldSpec
  | ChoiceFieldSpec
  | MultilineFieldSpec;

export function isSecretField(field: FormField): boolean {
  return field.kind === 'secret' || (field.kind === 'multiline' && field.secret === true);
}

/** Fields whose keys are text: while one has focus the shell's one-key shortcuts stand aside. */
export function takesText(field: FormField): boolean {
  return field.kind !== 'boolean';
}

export function defaultValue(field: FormField): FormValue {
  if (field.kind === 'boolean') return false;
  if (field.kind === 'choice') return field.choices[0]?.value ?? '';
  return '';
}

const DEFAULT_GROUP = 'Advanced options';

/** The folded group a field lives in; undefined for a field of the main form. */
export function foldGroup(field: FormField): string | undefined {
  if (field.advanced === true) return DEFAULT_GROUP;
  return field.advanced || undefined;
}
