import { isSecretAttribute } from '../providers/index.js';
import { secretPolicy } from './store/index.js';

/**
 * Which attributes are secret, for the console and the scripted commands alike: for cloud
 * credentials what the providers declare, for keychain records the engine's own list.
 */
export const appSecretPolicy = secretPolicy(isSecretAttribute);
