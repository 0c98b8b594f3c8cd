import { s3FromRclone, s3KeyFields } from '../commonFields.js';
import type { ProviderDefinition } from '../types.js';

const DEFAULT_GATEWAY = 'https://gateway.storjshare.io/';

/**
 * Storj through its S3-compatible gateway, as current TrueNAS has it (STORJ_IX): an access key,
 * a secret key and the gateway's endpoint (HTTPS only; Storj's hosted gateway by default).
 * rclone reaches it with its s3 backend and the Storj provider settings (`provider = Storj`), which
 * also tell an imported rclone remote of this kind from a generic S3 one.
 */
export const storjIx: ProviderDefinition = {
  id: 'STORJ_IX',
  label: 'Storj',
  fields: [
    ...s3KeyFields(
      'Storj S3-compatible access key ID, from the S3 credentials generated for an access grant in the Storj console.',
      'Storj S3-compatible secret access key, shown once with the access key ID.',
    ),
    {
      key: 'endpoint',
      label: 'Endpoint URL',
      help: `Storj gateway endpoint URL for S3-compatible access: ${DEFAULT_GATEWAY} unless you run your own gateway.`,
      type: 'text',
      default: DEFAULT_GATEWAY,
      maxLength: 2048,
      url: { schemes: ['https'], schemeOptional: true },
    },
  ],
  rclone: {
    type: 's3',
    claims: { provider: 'Storj' },
    fixed: { provider: 'Storj', env_auth: 'false' },
    options: { access_key_id: 'access_key_id', secret_access_key: 'secret_access_key', endpoint: 'endpoint' },
    fromRclone: s3FromRclone,
  },
};
