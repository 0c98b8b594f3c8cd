import { UserError, errorMessage } from '../../common/errors.js';
import { providers, validateAttributes, type Attributes, type ProviderDefinition, type RcloneContext } from '../../providers/index.js';
import { attributesFromRclone, type MappedImport } from '../../providers/rcloneOptions.js';
import { formatRcloneConf, optionsUsingVariables, parseRcloneConfText, rcloneRemoteNameProblem } from './configFile.js';
import { reveal } from './obscure.js';
import { toRcloneSection } from './section.js';

export interface CredentialForRclone {
  name: string;
  provider: string;
  attributes: Attributes;
}

export interface ImportedCredential extends CredentialForRclone {
  /** SFTP: store this key as a new keypair and set attributes.private_key to its id. */
  privateKey?: MappedImport['privateKey'];
  /** rclone options no field holds that the backend uses: kept as extra rclone options. */
  keptOptions: string[];
  /** rclone options of the remote that have no attribute here and were dropped. */
  ignoredOptions: string[];
  notes: string[];
}

export interface RcloneConfImport {
  credentials: ImportedCredential[];
  skipped: Array<{ name: string; reason: string }>;
}

/**
 * An rclone.conf that rclone uses as it is: one [section] per credential, named after it,
 * passwords obscured the rclone way. Names rclone cannot use as remote names are refused
 * (all of them listed) rather than silently renamed.
 */
export function exportRcloneConf(credentials: readonly CredentialForRclone[], resolveKeypair: RcloneContext['resolveKeypair']): string {
  const badNames = credentials.flatMap((credential) => {
    const problem = rcloneRemoteNameProblem(credential.name);
    return problem ? [`"${credential.name}" ${problem}`] : [];
  });
  if (badNames.length > 0) throw new UserError(`Cannot export: ${badNames.join('; ')}. Rename these credentials or leave them out.`);
  const sections = credentials.map((credential) => ({
    name: credential.name,
    options: toRcloneSection(credential.provider, credential.attributes, { resolveKeypair }),
  }));
  return formatRcloneConf(sections, 'rclone configuration exported by nasconsole. It holds credentials: keep it private.');
}

/**
 * The provider of a remote: among the providers of its rclone type (or prefix), the one whose
 * `claims` the remote's options meet (Storj is s3 with provider = Storj), else the one that
 * claims nothing.
 */
function providerOf(options: Readonly<Record<string, string>>): ProviderDefinition | undefined {
  const type = options.type;
  const candidates = providers.filter((provider) => provider.rclone.type === type || (provider.rclone.aliases ?? []).includes(type ?? ''));
  const claimed = candidates.find((provider) => provider.rclone.claims && Object.entries(provider.rclone.claims).every(([option, value]) => options[option] === value));
  return claimed ?? candidates.find((provider) => !provider.rclone.claims);
}

/**
 * Credentials from a plain rclone.conf: each remote whose backend maps to a provider here, with
 * its obscured passwords revealed; the others listed as skipped with the reason. An encrypted
 * rclone.conf is refused (UserError): decrypt it first (configEncryption.ts).
 */
export function parseRcloneConf(text: string): RcloneConfImport {
  const result: RcloneConfImport = { credentials: [], skipped: [] };
  for (const section of parseRcloneConfText(text)) {
    const type = section.options.type;
    const provider = providerOf(section.options);
    if (!provider) {
      result.skipped.push({ name: section.name, reason: type ? `rclone backend "${type}" has no matching provider here` : 'has no type' });
      continue;
    }
    const variables = optionsUsingVariables(section.options);
    if (variables.length > 0) {
      result.skipped.push({ name: section.name, reason: `option ${variables.join(', ')} uses a "%(name)s" variable, which is not expanded here: write the value out` });
      continue;
    }
    const revealed = { ...section.options };
    let revealProblem: string | undefined;
    for (const option of provider.rclone.obscured ?? []) {
      if (!revealed[option]) continue;
      try {
        revealed[option] = reveal(revealed[option]!);
      } catch (error) {
        revealProblem = `option ${option}: ${errorMessage(error)}`;
      }
    }
    if (revealProblem) {
      result.skipped.push({ name: section.name, reason: revealProblem });
      continue;
    }
    const mapped = attributesFromRclone(provider, revealed);
    if (typeof mapped === 'string') {
      result.skipped.push({ name: section.name, reason: mapped });
      continue;
    }
    // A key still to be stored as a keypair counts as chosen for the "password or key" rule.
    const checked = mapped.privateKey && mapped.attributes.private_key === undefined ? { ...mapped.attributes, private_key: 1 } : mapped.attributes;
    const { errors } = validateAttributes(provider.id, checked);
    const problems = Object.values(errors);
    if (problems.length > 0) {
      result.skipped.push({ name: section.name, reason: problems.join(' ') });
      continue;
    }
    result.credentials.push({
      name: section.name,
      provider: provider.id,
      attributes: mapped.attributes,
      ...(mapped.privateKey ? { privateKey: mapped.privateKey } : {}),
      keptOptions: mapped.keptOptions,
      ignoredOptions: mapped.ignoredOptions,
      notes: mapped.notes,
    });
  }
  return result;
}
