import { accessSync, constants, readFileSync } from 'node:fs';

export interface MountPoint {
  device: string;
  path: string;
  fsType: string;
}

const REMOVABLE_FS_TYPES = new Set(['vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'msdos']);
const REMOVABLE_ROOTS = ['/media/', '/run/media/', '/mnt/'];

/** /proc/mounts escapes spaces and other bytes in paths as octal (\040). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseMounts(text: string): MountPoint[] {
  return text
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields.length >= 3)
    .map(([device, path, fsType]) => ({ device: unescapeMountField(device!), path: unescapeMountField(path!), fsType: fsType! }));
}

/** Mounted USB sticks and the like: FAT/exFAT/NTFS file systems, or anything under /media, /run/media, /mnt. */
export function removableMounts(mountsText?: string): MountPoint[] {
  let text = mountsText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/mounts', 'utf8');
    } catch {
      return [];
    }
  }
  return parseMounts(text).filter((mount) => REMOVABLE_FS_TYPES.has(mount.fsType) || REMOVABLE_ROOTS.some((root) => mount.path.startsWith(root)));
}

export function isWritableDirectory(path: string): boolean {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where "save to USB" writes: the last path used, while it is still a mounted removable file
 * system, else the first writable removable mount.
 */
export function pickUsbTarget(lastPath: string | undefined, mountsText?: string): MountPoint | undefined {
  const mounts = removableMounts(mountsText).filter((mount) => isWritableDirectory(mount.path));
  if (lastPath) {
    const holder = mounts.filter((mount) => lastPath === mount.path || lastPath.startsWith(`${mount.path}/`)).sort((a, b) => b.path.length - a.path.length)[0];
    if (holder && isWritableDirectory(lastPath)) return { ...holder, path: lastPath };
  }
  return mounts[0];
}
