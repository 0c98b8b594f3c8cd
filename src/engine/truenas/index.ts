// The TrueNAS web API client of the semi-automatic setup: URL, connection (JSON-RPC 2.0 with a
// fallback to the legacy protocol), TLS trust, login, and the middleware's SSH pairing calls.
export { parseTrueNasUrl, cleartextWarning, type TrueNasUrl } from './url.js';
export { connectTrueNasApi, type ConnectTrueNasOptions } from './connect.js';
export type { ApiProtocol, TrueNasApi } from './apiSession.js';
export { TrueNasCallError, isMissingMethod } from './apiErrors.js';
export { loginTrueNas, type OtpCodeAsker, type OtpRequest, type TrueNasLogin } from './login.js';
export { pairSshKey, type RemoteUserChanges, type SshPairOutcome, type SshPairRequest } from './sshPairing.js';
export { parseTlsFingerprint, sameFingerprint, TlsCertificateRefusedError, type TlsCertificateInfo } from './tls.js';
