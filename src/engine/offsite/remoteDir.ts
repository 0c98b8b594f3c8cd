/**
 * One directory on a destination, whatever carries it (rclone for cloud credentials, SFTP for
 * SSH connections): the few operations a push, its retention and a restore need. Every
 * failure is a one-line UserError that names no secret.
 */

export interface RemoteEntry {
  name: string;
  bytes: number;
}

export interface RemoteDir {
  /** Where, for messages: `s3-backups:bucket/nas`, `nas@host:22:/srv/backups`. */
  readonly label: string;
  /** The regular files directly in the directory; none when it does not exist yet. */
  list(): Promise<RemoteEntry[]>;
  /** Writes a new file (the directory is made when missing). */
  put(name: string, bytes: Buffer): Promise<void>;
  /** A file's bytes; refused when it is larger than `maxBytes`. */
  get(name: string, maxBytes: number): Promise<Buffer>;
  /** Renames a file, replacing `to` when it exists. */
  rename(from: string, to: string): Promise<void>;
  remove(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Aborting stops the transfer under way; the push then fails as cancelled. */
  signal?: AbortSignal;
  /** rclone to run (cloud destinations); `rclone` on the PATH by default. */
  rclonePath?: string;
}
