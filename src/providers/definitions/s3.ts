import { s3FromRclone, s3KeyFields } from '../commonFields.js';
import type { Attributes, ProviderDefinition, ValidationResult } from '../types.js';

const ADVANCED = 'Amazon S3 Advanced Options';

// AWS key shapes (the seed's rules). Real AWS secrets are base64-like and contain '/', '+', '='.
const AWS_ACCESS_KEY_ID = /^[A-Za-z0-9]{5,20}$/;
const AWS_SECRET_ACCESS_KEY = /^[A-Za-z0-9/+=]{8,40}$/;

/**
 * The seed's key rules describe AWS. With a custom endpoint, S3-compatible services issue other
 * shapes (a Backblaze key ID is 25 characters), so there the same rules only warn.
 */
function awsKeyRules(attributes: Attributes): Partial<ValidationResult> {
  const errors: Record<string, string> = {};
  const warnings: Record<string, string> = {};
  const customEndpoint = typeof attributes.endpoint === 'string' && attributes.endpoint !== '';
  const report = customEndpoint ? warnings : errors;
  const suffix = customEndpoint ? ' That is the AWS format; other S3 services may differ, so check it.' : '';
  const keyId = attributes.access_key_id;
  if (typeof keyId === 'string' && keyId !== '' && !AWS_ACCESS_KEY_ID.test(keyId)) {
    report.access_key_id = `Access Key ID must be 5 to 20 letters or digits.${suffix}`;
  }
  const secret = attributes.secret_access_key;
  if (typeof secret === 'string' && secret !== '' && !AWS_SECRET_ACCESS_KEY.test(secret)) {
    report.secret_access_key = `Secret Access Key must be 8 to 40 characters: letters, digits, "/", "+" or "=".${suffix}`;
  }
  if (!customEndpoint) {
    if (attributes.skip_region === true) warnings.skip_region = 'Only needed with a custom Endpoint URL.';
    if (attributes.signatures_v2 === true) warnings.signatures_v2 = 'AWS no longer accepts Signature Version 2 in most regions; only set it for a custom Endpoint URL.';
  }
  return { errors, warnings };
}

export const s3: ProviderDefinition = {
  id: 'S3',
  label: 'Amazon S3',
  fields: [
    ...s3KeyFields(
      'Amazon Web Services Key ID. This is found on Amazon AWS by going through My account > Security Credentials > Access Keys (Access Key ID and Secret Access Key). Must be alphanumeric and between 5 and 20 characters.',
      'Amazon Web Services password. If the Secret Access Key cannot be found or remembered, go to My Account > Security Credentials > Access Keys and create a new key pair. Must be between 8 and 40 characters: letters, digits, "/", "+" or "=".',
    ),
    {
      key: 'max_upload_parts',
      label: 'Maximum Upload Parts',
      help: 'Define the maximum number of chunks for a multipart upload. Setting a maximum is necessary if a service does not support the 10,000 chunk AWS S3 specification.',
      type: 'number',
      default: 10000,
      min: 1,
      max: 10000,
    },
    {
      key: 'endpoint',
      label: 'Endpoint URL',
      help: "S3 API endpoint URL. When using AWS, the endpoint field can be empty to use the default endpoint for the region and automatically fetch available buckets. Refer to the AWS Documentation for a list of Simple Storage Service Website Endpoints.",
      type: 'text',
      advanced: ADVANCED,
      maxLength: 2048,
      url: { schemes: ['https', 'http'], schemeOptional: true },
    },
    {
      key: 'region',
      label: 'Region',
      help: "AWS resources in a geographic area. Leave empty to detect the bucket's correct public region. Entering a private region name allows interacting with Amazon buckets created in that region. For example, enter us-gov-east-1 to discover buckets created in the eastern AWS GovCloud region.",
      type: 'text',
      advanced: ADVANCED,
      maxLength: 64,
      pattern: { regex: /^[A-Za-z0-9._-]+$/, message: 'must be a region name such as us-east-1 (letters, digits, ".", "_", "-").' },
    },
    {
      key: 'skip_region',
      label: 'Disable Endpoint Region',
      help: 'Skip automatic detection of the Endpoint URL region. Set this when configuring a custom Endpoint URL.',
      type: 'boolean',
      advanced: ADVANCED,
    },
    {
      key: 'signatures_v2',
      label: 'Use Signature Version 2',
      help: 'Force using Signature Version 2 to sign API requests. Set this when configuring a custom Endpoint URL.',
      type: 'boolean',
      advanced: ADVANCED,
    },
    // The next three are TrueNAS 26's, with its defaults (which are rclone's).
    {
      key: 'provider',
      label: 'S3 Provider',
      help: "rclone's name for the S3 service (AWS, Wasabi, Minio, DigitalOcean...), so that rclone allows for its quirks; Other is any S3-compatible service.",
      type: 'text',
      advanced: ADVANCED,
      default: 'Other',
      maxLength: 64,
      pattern: { regex: /^[A-Za-z0-9]+$/, message: 'must be an rclone S3 provider name such as Other, AWS or Wasabi (letters and digits).' },
    },
    {
      key: 'force_path_style',
      label: 'Force Path Style',
      help: 'Use path-style access (https://endpoint/bucket) instead of virtual-hosted style (https://bucket.endpoint).',
      type: 'boolean',
      advanced: ADVANCED,
      default: true,
    },
    {
      key: 'sign_accept_encoding',
      label: 'Sign Accept-Encoding',
      help: 'Turn this off if the S3 server is behind a proxy that changes HTTP headers and requests fail with SignatureDoesNotMatch.',
      type: 'boolean',
      advanced: ADVANCED,
      default: true,
    },
  ],
  rclone: {
    type: 's3',
    // The provider attribute's default, "Other", makes rclone use exactly the endpoint given
    // (AWS's default when empty), with path-style addressing that S3-compatible servers expect.
    fixed: { env_auth: 'false' },
    options: {
      access_key_id: 'access_key_id',
      secret_access_key: 'secret_access_key',
      max_upload_parts: 'max_upload_parts',
      endpoint: 'endpoint',
      region: 'region',
      signatures_v2: 'v2_auth',
      provider: 'provider',
      force_path_style: 'force_path_style',
      sign_accept_encoding: 'sign_accept_encoding',
      // skip_region is not an rclone option: the original system uses it to skip its own
      // bucket-region lookup when building tasks. Kept as an attribute, not written.
    },
    fromRclone: s3FromRclone,
  },
  validate: awsKeyRules,
};

