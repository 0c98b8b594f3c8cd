import { UserError } from '../../common/errors.js';
import { printable } from '../../common/printable.js';
import { isMissingMethod } from './apiErrors.js';
import type { TrueNasApi } from './apiSession.js';

/**
 * Logs in to the TrueNAS API with an admin password, as truenas/api_client's
 * login_with_password does: `auth.login_ex` with the PASSWORD_PLAIN mechanism; when the account
 * has a second factor (OTP_REQUIRED), `auth.login_ex_continue` with the OTP_TOKEN mechanism;
 * on a server without `auth.login_ex` (and on the legacy protocol), `auth.login(user,
 * password[, otp])`, which answers true or false.
 */

export interface OtpRequest {
  username: string;
  /** The previous code was refused and the server lets the user try again. */
  retry: boolean;
}

/** Asks the user for the one-time code of their authenticator. */
export type OtpCodeAsker = (request: OtpRequest) => Promise<string>;

export interface TrueNasLogin {
  username: string;
  password: string;
  /** The code given up front (the form's "One-Time Password (if necessary)"). */
  otpCode?: string | undefined;
  /** Asked when the server wants a code and none was given up front, or the one given was refused. */
  askOtpCode?: OtpCodeAsker | undefined;
}

/** How often the user may type a code the server refuses before the login fails. */
const MAX_OTP_ATTEMPTS = 3;

/** The middleware's `response_type` answers that end a login attempt, each as one clear line. */
const LOGIN_REFUSALS: Record<string, (username: string) => string> = {
  AUTH_ERR: () => 'Authentication failed: wrong username or password',
  EXPIRED: (username) => `The TrueNAS says the credentials of ${printable(username)} have expired: change the password there first`,
  DENIED: (username) => `The TrueNAS says ${printable(username)} has no API access: use an account with an administrator role`,
};

export async function loginTrueNas(api: TrueNasApi, login: TrueNasLogin): Promise<void> {
  if (api.protocol === 'legacy') return legacyLogin(api, login);
  let response: LoginResponse;
  try {
    response = readResponse(await api.call('auth.login_ex', [{ mechanism: 'PASSWORD_PLAIN', username: login.username, password: login.password, login_options: { user_info: false } }]));
  } catch (error) {
    if (isMissingMethod(error)) return legacyLogin(api, login); // before 25.04
    throw error;
  }
  if (response.type === 'OTP_REQUIRED') response = await continueWithOtp(api, login);
  if (response.type !== 'SUCCESS') throw refusal(response, login.username);
}

interface LoginResponse {
  type: string;
  urls: string[];
}

async function continueWithOtp(api: TrueNasApi, login: TrueNasLogin): Promise<LoginResponse> {
  let code = login.otpCode?.trim() || (await askCode(login, false));
  for (let attempt = 1; ; attempt++) {
    const response = readResponse(await api.call('auth.login_ex_continue', [{ mechanism: 'OTP_TOKEN', otp_token: code }]));
    // OTP_REQUIRED again: the code was refused and the server lets us try again;
    // AUTH_ERR: refused for good (a wrong code, or too many of them).
    if (response.type === 'AUTH_ERR') throw new UserError('Authentication failed: wrong one-time code', { field: 'otp' });
    if (response.type !== 'OTP_REQUIRED') return response;
    if (attempt >= MAX_OTP_ATTEMPTS || !login.askOtpCode) throw new UserError('Authentication failed: wrong one-time code', { field: 'otp' });
    code = await askCode(login, true);
  }
}

async function askCode(login: TrueNasLogin, retry: boolean): Promise<string> {
  if (!login.askOtpCode) {
    throw new UserError(`The TrueNAS account ${printable(login.username)} uses two-factor authentication: a one-time code is needed`, { reason: 'otp-required', field: 'otp', exitCode: 2 });
  }
  const code = (await login.askOtpCode({ username: login.username, retry })).trim();
  if (!code) throw new UserError('No one-time code given: nothing was changed', { field: 'otp' });
  return code;
}

async function legacyLogin(api: TrueNasApi, login: TrueNasLogin): Promise<void> {
  const code = login.otpCode?.trim();
  const accepted = await api.call('auth.login', code ? [login.username, login.password, code] : [login.username, login.password]);
  if (accepted === true) return;
  // The old method says false for a wrong password and for a missing or wrong code alike.
  throw new UserError(
    code
      ? 'Authentication failed: wrong username, password or one-time code'
      : 'Authentication failed: wrong username or password (or the account needs a one-time code)',
    { field: 'password' },
  );
}

function readResponse(answer: unknown): LoginResponse {
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as { response_type?: unknown; urls?: unknown };
  return {
    type: typeof body.response_type === 'string' ? body.response_type : '',
    urls: Array.isArray(body.urls) ? body.urls.filter((url): url is string => typeof url === 'string') : [],
  };
}

function refusal(response: LoginResponse, username: string): UserError {
  if (response.type === 'REDIRECT') {
    const urls = response.urls.map((url) => printable(url).slice(0, 100)).join(', ');
    return new UserError(`The TrueNAS is the standby controller of an HA pair: log in to the active one instead${urls ? ` (${urls})` : ''}`);
  }
  const known = LOGIN_REFUSALS[response.type];
  // A wrong password is what a form can send the user back to fix.
  if (known) return new UserError(known(username), response.type === 'AUTH_ERR' ? { field: 'password' } : {});
  return new UserError(`The TrueNAS answered the login with ${printable(response.type || 'nothing').slice(0, 40)}, which this program does not know`);
}
