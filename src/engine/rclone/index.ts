export { obscure, reveal } from './obscure.js';
export { toRcloneSection } from './section.js';
export { verifyCredential, verifyArguments, type VerifyFailure, type VerifyOptions, type VerifyResult } from './verify.js';
export { exportRcloneConf, parseRcloneConf, type CredentialForRclone, type ImportedCredential, type RcloneConfImport } from './rcloneConf.js';
export { rcloneRemoteNameProblem } from './configFile.js';
export { decryptRcloneConf, encryptRcloneConf, isEncryptedRcloneConf } from './configEncryption.js';
export { rcloneBackends, RCLONE_MISSING_MESSAGE } from './environment.js';
export { summarizeRcloneError } from './errorSummary.js';
export { openRcloneSession, RcloneSession, SESSION_REMOTE, type RcloneFailure, type RcloneFailureReason, type RcloneRun } from './session.js';
