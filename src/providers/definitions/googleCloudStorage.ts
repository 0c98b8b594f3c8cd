import { parseJsonObject, serviceAccountProblem } from '../checks.js';
import type { ProviderDefinition } from '../types.js';

export const googleCloudStorage: ProviderDefinition = {
  id: 'GOOGLE_CLOUD_STORAGE',
  label: 'Google Cloud Storage',
  fields: [
    {
      key: 'service_account_credentials',
      label: 'Preview JSON Service Account Key',
      help: 'Contents of the uploaded Service Account JSON file.',
      type: 'json',
      secret: true,
      required: true,
      maxLength: 65_536,
      fileInput: {
        label: 'Choose File',
        help: 'Upload a Google Service Account credential file. The Google Cloud Platform Console creates the file.',
      },
      validate: (value) => serviceAccountProblem(String(value)),
    },
  ],
  rclone: {
    type: 'google cloud storage',
    aliases: ['gcs'],
    options: { service_account_credentials: 'service_account_credentials' },
    // Listing the buckets (what verify does at the remote root) needs the project; the key
    // file names it, and the API takes the project ID where rclone says "number".
    extraOptions(attributes): Record<string, string> {
      const parsed = parseJsonObject(String(attributes.service_account_credentials ?? ''));
      return typeof parsed === 'object' && typeof parsed.project_id === 'string' ? { project_number: parsed.project_id } : {};
    },
    fromRclone(options) {
      if (!options.service_account_credentials && options.service_account_file) {
        return { skip: 'uses service_account_file (a path on the machine that wrote it): load that file with "Choose File" instead' };
      }
      if (!options.service_account_credentials) return { skip: 'has no service_account_credentials (OAuth logins to Google Cloud Storage are not supported here)' };
      return { consumed: ['project_number'] };
    },
  },
};
