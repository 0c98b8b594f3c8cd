import { CloudCredentials } from './CloudCredentials.js';
import { General } from './General.js';
import { SshConnections } from './SshConnections.js';
import { SshKeypairs } from './SshKeypairs.js';
import type { ScreenDefinition } from './types.js';

/**
 * The console's screens, in tab order (keys 1-4 and F1-F4). A screen replaces its
 * placeholder by changing its `component`, one line each.
 */
export const screens: readonly ScreenDefinition[] = [
  { id: 'general', title: 'General', component: General },
  { id: 'cloud-credentials', title: 'Cloud Credentials', component: CloudCredentials },
  { id: 'ssh-connections', title: 'SSH Connections', component: SshConnections },
  { id: 'ssh-keypairs', title: 'SSH Keypairs', component: SshKeypairs },
];
