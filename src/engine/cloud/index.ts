// Cloud credentials: the rules the `cloud` and `rclone` commands and the Cloud Credentials
// screen share. Add, edit, show, delete; verify one, unsaved attributes, or all in the
// background; rclone.conf export and import.
export { SECRET_MASK, type FieldProblems } from './attributes.js';
export {
  addCloudCredential,
  checkCloudCredential,
  cloudCredentialDetails,
  cloudNameProblem,
  CloudCredentialInvalid,
  deleteCloudCredential,
  editCloudCredential,
  getCloudCredential,
  listCloudCredentials,
  type CloudCredentialChange,
  type CloudCredentialCheck,
  type CloudCredentialDetails,
  type CloudCredentialInput,
  type CloudCredentialSaved,
  type CloudCredentialSummary,
  type SaveVerdict,
} from './credentials.js';
export { CloudVerifyFailed, saveCloudCredential, type CloudCredentialVerifiedSave, type SaveCloudCredentialOptions } from './verifyThenSave.js';
export { keypairOptions, keypairResolver, type KeypairOption } from './credentialKeypairs.js';
export {
  isVerdict,
  verifyAllCloudCredentials,
  verifyCloudCredentialInput,
  verifyCloudCredentialValues,
  verifySavedCloudCredential,
  type CloudVerifyOptions,
  type SavedVerifyOutcome,
  type VerifyAllOptions,
  type VerifyAllProgress,
  type VerifyAllSummary,
  type VerifiedValues,
} from './verifyCredentials.js';
export {
  exportCloudCredentialsToRclone,
  importRcloneConf,
  KeyFilesNamedError,
  NAME_TAKEN,
  rcloneConfText,
  readRcloneConfFile,
  type RcloneExport,
  type RcloneExportOptions,
  type RcloneImportOptions,
  type RcloneImportReport,
} from './rcloneFiles.js';
