import { Readable } from 'node:stream';
import tarStream from 'tar-stream';
import { UserError } from '../../common/errors.js';

export interface TarMember {
  name: string;
  data: Buffer;
}

/** An uncompressed POSIX tar of regular files, each 0600, in the order given. */
export async function packTar(members: TarMember[], mtime = new Date()): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const collected = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const member of members) {
    pack.entry({ name: member.name, size: member.data.length, mode: 0o600, mtime, type: 'file' }, member.data);
  }
  pack.finalize();
  return collected;
}

/**
 * Reads every member of a tar held in memory. Refuses anything but regular files, duplicate
 * names, paths that leave the archive, and more than `maxMembers` members; a damaged or
 * truncated tar is a UserError, never a partial result.
 */
export async function unpackTar(bytes: Buffer, maxMembers = 16): Promise<Map<string, Buffer>> {
  const members = new Map<string, Buffer>();
  const extract = tarStream.extract();
  Readable.from([bytes]).pipe(extract);
  try {
    for await (const entry of extract) {
      const { name, type } = entry.header;
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (type !== 'file') throw new UserError(`The archive holds ${JSON.stringify(name)}, which is not a regular file.`);
      if (name.includes('/') || name === '..' || name === '.') throw new UserError(`The archive holds an unexpected path ${JSON.stringify(name)}.`);
      if (members.has(name)) throw new UserError(`The archive holds ${JSON.stringify(name)} twice.`);
      members.set(name, Buffer.concat(chunks));
      if (members.size > maxMembers) throw new UserError('The archive holds more files than a configuration archive does.');
    }
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('The file is not a valid tar archive, or it is truncated or corrupt.');
  }
  if (members.size === 0) throw new UserError('The file is not a valid tar archive: it holds no files.');
  return members;
}
