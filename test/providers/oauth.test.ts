import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadServiceAccountFile } from '../../src/engine/cloud/serviceAccountFile.js';
import { authorizeCommand, extractTokenJson } from '../../src/providers/index.js';
import { SERVICE_ACCOUNT, TOKEN } from './samples.js';

describe('headless OAuth login', () => {
  it('shows the exact rclone authorize command for each OAuth provider', () => {
    expect(authorizeCommand('GOOGLE_PHOTOS').command).toBe('rclone authorize "google photos"');
    expect(authorizeCommand('GOOGLE_DRIVE').command).toBe('rclone authorize "drive"');
    expect(authorizeCommand('ONEDRIVE').command).toBe('rclone authorize "onedrive"');
    expect(authorizeCommand('HUBIC').note).toMatch(/paste the JSON/);
  });

  it('shows a custom client ID but keeps the client secret off the screen', () => {
    const { command, note } = authorizeCommand('DROPBOX', { clientId: 'abc123', clientSecret: 'very-secret-value' });
    expect(command).toBe('rclone authorize "dropbox" "abc123" "CLIENT_SECRET"');
    expect(command).not.toContain('very-secret-value');
    expect(note).toMatch(/^Replace CLIENT_SECRET with your OAuth Client Secret/);
  });

  it('refuses providers that do not log in through a browser', () => {
    expect(() => authorizeCommand('FTP')).toThrow(/FTP does not log in through a browser/);
  });

  it('takes the token from the whole pasted rclone authorize output', () => {
    const pasted = `Paste the following into your remote machine --->\n${TOKEN}\n<---End paste\n`;
    expect(JSON.parse(extractTokenJson(pasted))).toEqual(JSON.parse(TOKEN));
    expect(extractTokenJson(`  ${JSON.stringify(JSON.parse(TOKEN), null, 2)}  `)).toBe(TOKEN);
  });

  it('says what is wrong with a pasted token', () => {
    expect(() => extractTokenJson('sl.ABCDEF')).toThrow(/No token found/);
    expect(() => extractTokenJson('{"token_type":"Bearer"}')).toThrow('The pasted token must contain a non-empty "access_token".');
  });
});

describe('service account key files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nasconsole-sa-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a key file into compact JSON', () => {
    const path = join(dir, 'key.json');
    writeFileSync(path, SERVICE_ACCOUNT);
    expect(loadServiceAccountFile(path)).toBe(JSON.stringify(JSON.parse(SERVICE_ACCOUNT)));
  });

  it('refuses files that are missing, not regular files, or not service account keys', () => {
    expect(() => loadServiceAccountFile(join(dir, 'absent.json'))).toThrow(/^Cannot read .*absent\.json: ENOENT/);
    expect(() => loadServiceAccountFile('/dev/zero')).toThrow('/dev/zero is not a regular file');
    const path = join(dir, 'token.json');
    writeFileSync(path, TOKEN);
    expect(() => loadServiceAccountFile(path)).toThrow(/token\.json is not a service account key: missing "type", "project_id", "private_key", "client_email"/);
  });
});
