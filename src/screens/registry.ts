import { CloudCredentials } from './cloudCredentials/CloudCredentials.js';
import { General } from './general/General.js';
import { SshConnections } from './sshConnections/SshConnections.js';
import { SshKeypairs } from './sshKeypairs/SshKeypairs.js';
import type { ScreenDefinition } from './screenContract.js';

/**
 * The console's screens, in tab order (keys 1-4 and F2-F5; F1 is help). A screen replaces its
 * placeholder by changing its `component`, one line each.
 */
export const screens: readonly ScreenDefinition[] = [
  { id: 'general', title: 'General', component: General },
  { id: 'cloud-credentials', title: 'Cloud Credentials', component: CloudCredentials },
  { id: 'ssh-connections', title: 'SSH Connections', component: SshConnections },
  { id: 'ssh-keypairs', title: 'SSH Keypairs', component: SshKeypairs },
];
