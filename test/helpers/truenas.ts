import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { packTar } from '../../src/engine/archive/tar.js';

/**
 * TrueNAS pwenc made with the openssl CLI, not our cipher: AES-256-CTR, counter block =
 * 8-byte nonce || 64-bit big-endian 1, value = base64(nonce || ciphertext); optionally padded
 * with '{' to a multiple of 32 bytes as older TrueNAS did.
 */
export function opensslPwenc(secret: Buffer, plaintext: string, pad = false): string {
  let plain = Buffer.from(plaintext);
  if (pad && plain.length % 32) plain = Buffer.concat([plain, Buffer.alloc(32 - (plain.length % 32), '{')]);
  const nonce = randomBytes(8);
  const cipher = execFileSync('openssl', ['enc', '-aes-256-ctr', '-K', secret.toString('hex'), '-iv', `${nonce.toString('hex')}0000000000000001`, '-nosalt'], { input: plain });
  return Buffer.concat([nonce, cipher]).toString('base64');
}

export interface TrueNasRow {
  id: number;
  name: string;
  provider?: string | null;
  type?: string;
  attributes: Record<string, unknown>;
  pad?: boolean;
}

/** A database shaped like TrueNAS's freenas-v1.db: the two credential tables and the settings check. */
export function makeTrueNasDatabase(dir: string, secret: Buffer, cloud: TrueNasRow[], keychain: TrueNasRow[]): string {
  const path = join(dir, 'freenas-v1.db');
  const db = new Database(path);
  db.exec(`
    CREATE TABLE system_cloudcredentials (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(100) NOT NULL, provider VARCHAR(50), attributes TEXT NOT NULL);
    CREATE TABLE system_keychaincredential (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(255) NOT NULL UNIQUE, type VARCHAR(255) NOT NULL, attributes TEXT NOT NULL);
    CREATE TABLE system_settings (id INTEGER PRIMARY KEY AUTOINCREMENT, stg_pwenc_check VARCHAR(100) NOT NULL);
  `);
  db.prepare('INSERT INTO system_settings (stg_pwenc_check) VALUES (?)').run(opensslPwenc(secret, 'Donuts!'));
  for (const row of cloud) db.prepare('INSERT INTO system_cloudcredentials (id, name, provider, attributes) VALUES (?, ?, ?, ?)').run(row.id, row.name, row.provider ?? null, opensslPwenc(secret, JSON.stringify(row.attributes), row.pad));
  for (const row of keychain) db.prepare('INSERT INTO system_keychaincredential (id, name, type, attributes) VALUES (?, ?, ?, ?)').run(row.id, row.name, row.type!, opensslPwenc(secret, JSON.stringify(row.attributes), row.pad));
  db.close();
  return path;
}

export async function makeTrueNasArchive(databasePath: string, secret?: Buffer): Promise<Buffer> {
  const members: { name: string; data: Buffer }[] = [{ name: "freenas-v1.db", data: readFileSync(databasePath) }];
  if (secret) members.push({ name: 'pwenc_secret', data: secret });
  return packTar(members);
}
