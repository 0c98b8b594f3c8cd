import { portField } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';
import { keyPemOption, keyPemFromOption } from './sftpKeyPem.js';

export const sftp: ProviderDefinition = {
  id: 'SFTP',
  label: 'SFTP',
  fields: [
    { key: 'host', label: 'Host', help: 'SSH Host to connect to.', type: 'text', required: true, host: true, maxLength: 253 },
    portField(22, 'SSH port number. Leave empty to use the default port 22.'),
    { key: 'user', label: 'Username', help: 'SSH Username.', type: 'text', required: true, maxLength: 255 },
    { key: 'pass', label: 'Password', help: 'Password for the SSH Username account.', type: 'secret', maxLength: 1024 },
    {
      key: 'private_key',
      label: 'Private Key ID',
      help: 'Import the private key from an existing SSH keypair or select Generate New to create a new SSH key for this credential.',
      type: 'keypair',
    },
  ],
  rclone: {
    type: 'sftp',
    options: { host: 'host', port: 'port', user: 'user', pass: 'pass' },
    obscured: ['pass', 'key_file_pass'],
    extraOptions(attributes, ctx) {
      // Never fall back to whatever ssh-agent the caller happens to run.
      const options: Record<string, string> = { key_use_agent: 'false' };
      if (typeof attributes.private_key === 'number') {
        options.key_pem = keyPemOption(ctx.resolveKeypair(attributes.private_key).privateKey);
      }
      return options;
    },
    fromRclone(options) {
      if (options.key_use_agent === 'true' || (!options.pass && !options.key_pem && !options.key_file)) {
        return { skip: 'authenticates with ssh-agent, which a stored credential cannot hold' };
      }
      const notes: string[] = [];
      if (options.known_hosts_file) notes.push('known_hosts_file dropped');
      if (options.pubkey_file) notes.push('pubkey_file (certificate) dropped');
      const consumed = ['key_pem', 'key_file', 'key_file_pass', 'key_use_agent', 'known_hosts_file', 'pubkey_file'];
      // A protected key is decrypted with key_file_pass (revealed by then) and stored without one.
      const passphrase = options.key_file_pass ? { passphrase: options.key_file_pass } : {};
      if (options.key_pem) return { privateKey: { pem: keyPemFromOption(options.key_pem), ...passphrase }, consumed, notes };
      if (options.key_file) return { privateKey: { file: options.key_file, ...passphrase }, consumed, notes };
      return { consumed, notes };
    },
  },
  validate(attributes) {
    if (!attributes.pass && attributes.private_key === undefined) {
      return { errors: { private_key: 'Enter a Password or choose a Private Key: one of them is needed to log in.' } };
    }
    return {};
  },
};
