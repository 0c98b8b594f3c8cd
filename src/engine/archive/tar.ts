import { createHash } from 'node:crypto';
import { pipeline, Readable } from 'node:stream';
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

/** A member as read: its bytes and their sha256 (hex), worked out while they streamed in. */
export interface ReadMember {
  data: Buffer;
  sha256: string;
}

/**
 * Reads every member of a tar that arrives in chunks, each member's bytes once into a
 * buffer of its declared size (the file itself is never held whole), hashed as they come.
 * Refuses anything but regular files, duplicate names, paths that leave the archive, and
 * more than `maxMembers` members, each before its bytes are read; a damaged or truncated tar
 * is a UserError, never a partial result. A UserError of the source (over its limit) stands.
 */
export async function readTarMembers(chunks: AsyncIterable<Buffer>, maxMembers = 16): Promise<Map<string, ReadMember>> {
  const members = new Map<string, ReadMember>();
  const extract = tarStream.extract();
  pipeline(Readable.from(chunks), extract, () => {}); // an error reaches the loop below through extract
  try {
    for await (const entry of extract) {
      const { name, type, size = 0 } = entry.header;
      if (type !== 'file') throw new UserError(`The archive holds ${JSON.stringify(name)}, which is not a regular file.`);
      if (name.includes('/') || name === '..' || name === '.') throw new UserError(`The archive holds an unexpected path ${JSON.stringify(name)}.`);
      if (members.has(name)) throw new UserError(`The archive holds ${JSON.stringify(name)} twice.`);
      if (members.size >= maxMembers) throw new UserError('The archive holds more files than a configuration archive does.');
      const data = Buffer.allocUnsafe(size);
      const hash = createHash('sha256');
      let length = 0;
      for await (const chunk of entry as AsyncIterable<Buffer>) {
        if (length + chunk.length > size) throw new UserError('The file is not a valid tar archive, or it is truncated or corrupt.');
        chunk.copy(data, length);
        hash.update(chunk);
        length += chunk.length;
      }
      if (length !== size) throw new UserError('The file is not a valid tar archive, or it is truncated or corrupt.');
      members.set(name, { data, sha256: hash.digest('hex') });
    }
  } catch (error) {
    extract.destroy();
    if (error instanceof UserError) throw error;
    throw new UserError('The file is not a valid tar archive, or it is truncated or corrupt.');
  }
  if (members.size === 0) throw new UserError('The file is not a valid tar archive: it holds no files.');
  return members;
}

/** Every member of a tar held in memory (see readTarMembers). */
export async function unpackTar(bytes: Buffer, maxMembers = 16): Promise<Map<string, Buffer>> {
  const members = await readTarMembers(oneChunk(bytes), maxMembers);
  return new Map([...members].map(([name, member]) => [name, member.data]));
}

export async function* oneChunk(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}
