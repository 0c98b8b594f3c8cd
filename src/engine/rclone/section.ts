import { findProvider, type Attributes, type RcloneContext } from '../../providers/index.js';
import { plainRcloneOptions } from '../../providers/rcloneOptions.js';
import { obscure } from './obscure.js';

/**
 * The options of an rclone remote for a credential, ready for rclone.conf: the provider's
 * mapping, with the options its backend reads obscured (rclone's IsPassword) obscured.
 */
export function toRcloneSection(providerId: string, attributes: Attributes, ctx: RcloneContext): Record<string, string> {
  const provider = findProvider(providerId);
  const options = plainRcloneOptions(provider, attributes, ctx);
  for (const option of provider.rclone.obscured ?? []) {
    if (options[option] !== undefined) options[option] = obscure(options[option]!);
  }
  return options;
}

