/**
 * The one shape every cloud provider is declared in, as rclone's `backend/<name>/` options
 * tables are: forms, the CLI, validation, verify and rclone.conf import/export are generic
 * over it. Adding a provider is adding one file that exports a `ProviderDefinition`.
 */

/** A credential's attributes as the original system stores them: a JSON object. */
export type Attributes = Record<string, unknown>;

export type FieldType = 'text' | 'secret' | 'number' | 'boolean' | 'choice' | 'json' | 'keypair';

export interface FieldChoice {
  /** The value stored in the attributes (the original system's spelling). */
  value: string;
  label: string;
  /** Other spellings accepted on input and import, e.g. 0 for "auto". */
  aliases?: readonly string[];
}

export interface ProviderField {
  /** Attribute key, as the original system names it (so its databases import cleanly). */
  key: string;
  label: string;
  help: string;
  type: FieldType;
  required?: boolean;
  default?: string | number | boolean;
  choices?: readonly FieldChoice[];
  /**
   * A choice stored as an integer (the choice values are its digits), as the original system
   * stores it: Swift's auth_version is the integer 3, not the text "3".
   */
  integerChoice?: boolean;
  /** The folded group the field lives in ("Advanced Options"); absent: the main form. */
  advanced?: string;
  /** Masked, encrypted at rest, never printed. Defaults to true for type 'secret'. */
  secret?: boolean;
  /** Longest accepted value; a default per type applies when absent (see validation.ts). */
  maxLength?: number;
  /** Inclusive range for 'number' fields. */
  min?: number;
  max?: number;
  /**
   * The value is a URL and must use one of these schemes. `schemeOptional`: a bare host (and
   * path) is accepted too, as rclone reads it: as `https://` + the value (rclone's wizard writes
   * S3 endpoints such as `s3.wasabisys.com`).
   */
  url?: { schemes: readonly string[]; schemeOptional?: boolean };
  /** The value must be a host name or address, not a URL. */
  host?: boolean;
  pattern?: { regex: RegExp; message: string };
  /** The value may be loaded from a file chosen by the user (the seed's "Choose File"). */
  fileInput?: { label: string; help: string };
  /** Extra rule on a non-empty, normalized value: returns an error message. */
  validate?: (value: unknown, attributes: Attributes) => string | undefined;
  /** Extra advice on a non-empty, normalized value: returns a warning; saving still allowed. */
  warn?: (value: unknown, attributes: Attributes) => string | undefined;
}

export interface ValidationResult {
  /** Attribute key → message. Empty when the attributes can be saved. */
  errors: Record<string, string>;
  /** Attribute key → advice. Never blocks saving. */
  warnings: Record<string, string>;
}

/** What the rclone mapping needs from outside the attributes. */
export interface RcloneContext {
  /** The SSH keypair with this id from the store (SFTP's private_key attribute). */
  resolveKeypair(id: number): { privateKey: string };
}

/** How one attribute becomes one rclone option and back. */
export interface RcloneOptionMapping {
  option: string;
  /** From a normalized, non-empty attribute value; undefined leaves the option out. */
  toRclone?: (value: unknown) => string | undefined;
  /** From the (revealed) option text back to the attribute value. */
  fromRclone?: (text: string) => unknown;
}

/** What a provider's import hook says about an rclone.conf section. */
export interface RcloneImportHookResult {
  /** Set: the section cannot be imported, for this reason. */
  skip?: string;
  attributes?: Attributes;
  /** Options the hook handled, so they are not reported as ignored. */
  consumed?: readonly string[];
  /**
   * SFTP: a private key to store as a keypair (or link to the stored one holding the same key),
   * then point private_key at it; `passphrase` decrypts a protected one.
   */
  privateKey?: ({ pem: string } | { file: string }) & { passphrase?: string };
  notes?: readonly string[];
}

export interface RcloneMapping {
  /** rclone backend type written as `type = ...`. */
  type: string;
  /** Other names rclone accepts for the type (its prefix, e.g. "gcs"). Import only. */
  aliases?: readonly string[];
  /**
   * Import: the sections of this type whose options have these values are this provider's
   * (Storj is rclone's s3 type with `provider = Storj`); a provider of the same type without
   * `claims` takes the others.
   */
  claims?: Readonly<Record<string, string>>;
  /** Options always written, whatever the attributes. */
  fixed?: Readonly<Record<string, string>>;
  /** Attribute key → rclone option (same name when a string equal to the key). */
  options: Readonly<Record<string, string | RcloneOptionMapping>>;
  /**
   * rclone options this backend reads obscured (`IsPassword` in its options table: checked
   * against `rclone config providers` of rclone 1.60 and rclone's backend sources).
   */
  obscured?: readonly string[];
  /** Options derived from several attributes or from outside data (SFTP's keypair). */
  extraOptions?: (attributes: Attributes, ctx: RcloneContext) => Record<string, string>;
  /** Import: options the generic mapping does not cover. Receives revealed values. */
  fromRclone?: (options: Readonly<Record<string, string>>) => RcloneImportHookResult;
}

export interface OAuthSupport {
  /** The backend name `rclone authorize "<type>"` takes. */
  authorizeType: string;
}

export interface ProviderDefinition {
  /** As the original system names it: S3, GOOGLE_DRIVE, ... */
  id: string;
  label: string;
  fields: readonly ProviderField[];
  rclone: RcloneMapping;
  /** Present for providers whose token comes from a browser login ("Login to Provider"). */
  oauth?: OAuthSupport;
  /** Rules across fields, run after the per-field ones on normalized attributes. */
  validate?: (attributes: Attributes) => Partial<ValidationResult>;
}

const fieldIndexes = new WeakMap<ProviderDefinition, ReadonlyMap<string, ProviderField>>();

/**
 * A provider's fields by key, built once per provider: validating 10,000 records of an
 * upload must not build 10,000 maps of the same fields.
 */
export function fieldsByKey(provider: ProviderDefinition): ReadonlyMap<string, ProviderField> {
  let index = fieldIndexes.get(provider);
  if (!index) fieldIndexes.set(provider, (index = new Map(provider.fields.map((field) => [field.key, field]))));
  return index;
}

export function isSecretField(field: ProviderField): boolean {
  return field.secret ?? field.type === 'secret';
}
