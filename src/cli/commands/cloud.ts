import type { Command } from 'commander';
import {
  cloudCredentialDetails,
  deleteCloudCredential,
  listCloudCredentials,
  saveCloudCredential,
  verifySavedCloudCredential,
  type CloudCredentialDetails,
  type CloudCredentialSaved,
  type FieldProblems,
} from '../../engine/cloud/index.js';
import { UserError } from '../../common/errors.js';
import { checkLine, VERIFY_WORDING } from '../../engine/formatting.js';
import { findProvider, providerTable, type Attributes } from '../../providers/index.js';
import { withStore } from '../context.js';
import { printable } from '../../common/printable.js';
import { limitOf, readTextInput } from '../inputs.js';
import { emit, printableLines, table } from '../output.js';


export function registerCloudCommands(program: Command): void {
  const cloud = program
    .command('cloud')
    .description('cloud credentials: providers, list, show, add, edit, verify, delete')
    .addHelpText('after', '\nExamples:\n  nasconsole cloud providers --json\n  nasconsole cloud list\n  nasconsole cloud verify offsite-s3');

  cloud
    .command('providers')
    .description('the providers and their attributes (ids, keys, types, required, labels)')
    .addHelpText('after', '\nExamples:\n  nasconsole cloud providers\n  nasconsole cloud providers --json | jq \'.[] | select(.id == "S3") | .fields[].key\'')
    .action(async (_options: unknown, command: Command) => {
      const json = Boolean(command.optsWithGlobals().json);
      const entries = providerTable();
      emit(json, entries, () =>
        entries
          .map((entry) => [
            `${entry.id}  ${entry.label}  (rclone ${entry.rcloneType}${entry.oauthType ? `; login: rclone authorize "${entry.oauthType}"` : ''})`,
            ...entry.fields.map((field) => {
              const traits = [field.type, field.required ? 'required' : '', field.secret && field.type !== 'secret' ? 'secret' : '', field.default !== null ? `default ${String(field.default)}` : '', field.advanced ? 'advanced' : ''].filter(Boolean);
              const choices = field.choices ? `: ${field.choices.map((choice) => choice.value).join(', ')}` : '';
              return `  ${field.key.padEnd(28)} ${field.label} [${traits.join(', ')}]${choices}`;
            }),
          ].join('\n'))
          .join('\n\n'),
      );
    });

  cloud
    .command('list')
    .description('list cloud credentials: name, provider, last verify result')
    .addHelpText('after', '\nExample:\n  nasconsole cloud list --json')
    .action(async (_options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const credentials = listCloudCredentials(store);
        emit(json ?? false, credentials, () =>
          credentials.length
            ? table([['NAME', 'PROVIDER', 'LAST VERIFY'], ...credentials.map((c) => [c.name, c.provider, checkLine(c.lastCheck, VERIFY_WORDING)])])
            : 'No cloud credentials.',
        );
      });
    });

  cloud
    .command('show')
    .description('show a credential\'s attributes; secrets masked unless --reveal')
    .argument('<name>', 'the credential')
    .option('--reveal', 'print the secrets themselves')
    .addHelpText(
      'after',
      `
A masked secret prints as ******** ; given back to "cloud edit", it keeps the stored secret.

Examples:
  nasconsole cloud show offsite-s3
  nasconsole cloud show offsite-s3 --reveal --json`,
    )
    .action(async (name: string, options: { reveal?: boolean }, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const details = cloudCredentialDetails(store, name, { reveal: options.reveal ?? false });
        emit(json ?? false, details, () => detailsText(details));
      });
    });

  cloud
    .command('add')
    .description('add a credential; its attributes come from a JSON file or stdin, never the command line')
    .argument('<name>', 'name of the new credential')
    .requiredOption('--provider <id>', 'provider id (see "cloud providers"): S3, B2, FTP, SFTP, WEBDAV...')
    .option('--attributes-file <file>', `a JSON object of attributes; - reads it from stdin (${limitOf('attributes')})`)
    .option('--generate-keypair', 'SFTP: generate a new SSH keypair, named after the credential, as its private key')
    .option('--verify', 'verify with rclone first; nothing is saved when the check fails')
    .addHelpText(
      'after',
      `
Attribute keys are the provider's (see "cloud providers"). SFTP's private_key is the id or
name of an SSH keypair. OAuth providers take the JSON that rclone authorize prints as token.

Examples:
  echo '{"host":"ftp.example.com","user":"nas","pass":"..."}' | nasconsole cloud add ftp-box --provider FTP --attributes-file - --verify
  nasconsole cloud add offsite --provider SFTP --attributes-file sftp.json --generate-keypair --json`,
    )
    .action(async (name: string, options: { provider: string; attributesFile?: string; generateKeypair?: boolean; verify?: boolean }, command: Command) => {
      findProvider(options.provider);
      if (options.verify && options.generateKeypair) {
        throw new UserError('--verify cannot check a keypair that is about to be generated: add the credential, install its public key on the server, then run "cloud verify".', 2);
      }
      const attributes = options.attributesFile === undefined ? {} : await readAttributes(options.attributesFile);
      await withStore(command, async ({ store }, { json }) => {
        const input = { name, provider: options.provider, attributes, ...(options.generateKeypair ? { generateKeypair: true } : {}) };
        const saved = await saveCloudCredential(store, input, options.verify ? { verify: 'refuse-on-failure' } : {});
        printSaved(json ?? false, saved, 'Added');
      });
    });

  cloud
    .command('edit')
    .description('change a credential\'s attributes (only the keys given) or its name')
    .argument('<name>', 'the credential')
    .option('--attributes-file <file>', `a JSON object of the attributes to change; - reads it from stdin (${limitOf('attributes')})`)
    .option('--name <new-name>', 'rename the credential')
    .option('--generate-keypair', 'SFTP: generate a new SSH keypair as its private key')
    .option('--verify', 'verify the changed credential with rclone first; nothing is saved when the check fails')
    .addHelpText(
      'after',
      `
Keys not in the file keep their values. A secret given as "" or ******** keeps the stored one;
null removes a value.

Examples:
  echo '{"pass":"new password"}' | nasconsole cloud edit ftp-box --attributes-file -
  nasconsole cloud edit ftp-box --name ftp-offsite --json
  echo '{"pass":"new password"}' | nasconsole cloud edit ftp-box --attributes-file - --verify`,
    )
    .action(async (name: string, options: { attributesFile?: string; name?: string; generateKeypair?: boolean; verify?: boolean }, command: Command) => {
      if (options.attributesFile === undefined && options.name === undefined && !options.generateKeypair) {
        throw new UserError('Nothing to change: give --attributes-file, --name or --generate-keypair.', 2);
      }
      if (options.verify && options.generateKeypair) {
        throw new UserError('--verify cannot check a keypair that is about to be generated: edit the credential, install its public key on the server, then run "cloud verify".', 2);
      }
      const attributes = options.attributesFile === undefined ? {} : await readAttributes(options.attributesFile);
      await withStore(command, async ({ store }, { json }) => {
        const current = cloudCredentialDetails(store, name);
        const input = { name: options.name ?? current.name, provider: current.provider, attributes, ...(options.generateKeypair ? { generateKeypair: true } : {}) };
        const saved = await saveCloudCredential(store, input, { existingId: current.id, ...(options.verify ? { verify: 'refuse-on-failure' as const } : {}) });
        printSaved(json ?? false, saved, 'Saved');
      });
    });

  cloud
    .command('verify')
    .description('verify a credential with rclone (lists the remote\'s top level); exit 1 when it fails')
    .argument('<name>', 'the credential')
    .option('--details', 'on failure, also print rclone\'s full output (secrets redacted) to stderr')
    .addHelpText('after', '\nExamples:\n  nasconsole cloud verify offsite-s3\n  nasconsole cloud verify offsite-s3 --json || echo "check the credential"')
    .action(async (name: string, options: { details?: boolean }, command: Command) => {
      await withStore(command, async ({ store }, { json }) => {
        const outcome = await verifySavedCloudCredential(store, name);
        const { result } = outcome;
        const data = { name: outcome.name, ok: result.ok, ...(result.ok ? {} : { reason: result.reason, message: result.message, details: result.details }), recorded: outcome.recorded, tokenSaved: outcome.tokenSaved };
        if (result.ok) {
          emit(json ?? false, data, () => `${outcome.name}: valid${outcome.tokenSaved ? ' (rclone refreshed the token; the new one is saved)' : ''}`);
          return;
        }
        if (json) emit(true, data, () => '');
        if (options.details && result.details) process.stderr.write(printableLines(result.details.replace(/\n$/, '')) + '\n');
        throw new UserError(`${outcome.name}: ${result.message}`);
      });
    });

  cloud
    .command('delete')
    .description('delete a credential')
    .argument('<name>', 'the credential')
    .addHelpText('after', '\nExample:\n  nasconsole cloud delete old-ftp --json')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withStore(command, ({ store }, { json }) => {
        const deleted = deleteCloudCredential(store, name);
        emit(json ?? false, { deleted: deleted.name }, () => `Deleted ${deleted.name}`);
      });
    });
}

/** A JSON object of attributes from a file, or stdin for "-". */
async function readAttributes(source: string): Promise<Attributes> {
  const text = await readTextInput(source, 'attributes');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not the parser's message: it may quote the text, and the text holds secrets.
    throw new UserError(`The attributes ${source === '-' ? 'on stdin' : `in ${source}`} are not valid JSON.`, 2);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UserError('The attributes must be a JSON object ({"key": value, ...}).', 2);
  return parsed as Attributes;
}

function printSaved(json: boolean, saved: CloudCredentialSaved, verb: string): void {
  if (!json) for (const line of warningLines(saved.warnings)) process.stderr.write(`${printable(line)}\n`);
  const { credential, warnings, keypairCreated } = saved; // not the verify result: it may hold a refreshed token
  emit(json, { credential, warnings, keypairCreated }, () => {
    const keypair = saved.keypairCreated ? `\nGenerated SSH keypair ${saved.keypairCreated.name}: add its public key on the server ("nasconsole keypair public ${saved.keypairCreated.name}").` : '';
    return `${verb} ${saved.credential.name} (${saved.credential.providerLabel})${keypair}`;
  });
}

function warningLines(warnings: FieldProblems): string[] {
  return Object.entries(warnings).map(([key, message]) => `warning: ${key}: ${message}`);
}

function detailsText(details: CloudCredentialDetails): string {
  const rows = Object.entries(details.attributes).map(([key, value]) => {
    const text = key === 'private_key' && details.keypair ? `${String(value)} (keypair ${details.keypair.name})` : typeof value === 'string' ? value : JSON.stringify(value);
    return [`  ${key}`, text];
  });
  return [`${details.name}  ${details.providerLabel} (${details.provider})`, `  last verify: ${checkLine(details.lastCheck, VERIFY_WORDING)}`, table(rows)].join('\n');
}
