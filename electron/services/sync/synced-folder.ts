import { lstatSync, opendirSync, realpathSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Whether a document lies inside a folder that a sync tool keeps alike on several computers. A
 * live SQLite file and its -wal copied by such a tool while the app writes is how documents get
 * damaged, so the window says so and offers the shared folder (sync.setFolder) instead.
 *
 * Found by what each tool leaves in the folder it syncs, or by the name it gives that folder:
 * - Syncthing: the folder marker `.stfolder` at the folder's root (a folder, a file in old versions).
 * - Dropbox: `.dropbox.cache` (a folder) at the root, `.dropbox` (a file holding the folder's id)
 *   at the root and in each shared folder; `~/.dropbox`, the app's settings folder, is not one.
 *   On macOS with File Provider: `~/Library/CloudStorage/Dropbox…`.
 * - Nextcloud and ownCloud: the client's journal at the root, `.sync_<id>.db` (`._sync_<id>.db`
 *   in older clients, `.csync_journal.db` before that), and `.owncloudsync.log` / `.nextcloudsync.log`.
 * - OneDrive: `~/OneDrive`, `~/OneDrive - Organisation` (Windows, and the Linux client's
 *   default), `~/Library/CloudStorage/OneDrive-Personal` / `OneDrive-Organisation` (macOS).
 * - Google Drive: `~/Library/CloudStorage/GoogleDrive-account` (macOS), `~/My Drive` and
 *   `~/Google Drive` (mirrored), `My Drive` at the root of a drive (Windows' streamed G:).
 * - iCloud Drive: `~/Library/Mobile Documents` (macOS), `~/iCloudDrive` (Windows).
 *
 * Bounded: at most MAX_LEVELS folders up, never above the home folder (when the document lies in
 * it) or the root; at most MAX_ENTRIES names read per folder; a folder that cannot be read is passed.
 */

import type { SyncTool, SyncedFolder } from '../../../shared/contract';

export type { SyncTool, SyncedFolder };

const MAX_LEVELS = 32;
const MAX_ENTRIES = 5000;

const NEXTCLOUD_FILE = /^(\._?sync_[^/\\]*\.db|\.csync_journal\.db|\.(owncloud|nextcloud)sync\.log)$/i;

function statOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** Whether a name in the folder matches (read as a stream: a huge folder costs MAX_ENTRIES names at most). */
function hasEntry(folder: string, pattern: RegExp): boolean {
  let dir;
  try {
    dir = opendirSync(folder);
  } catch {
    return false;
  }
  try {
    for (let count = 0; count < MAX_ENTRIES; count += 1) {
      const entry = dir.readSync();
      if (!entry) return false;
      if (pattern.test(entry.name)) return true;
    }
    return false;
  } catch {
    return false;
  } finally {
    dir.closeSync();
  }
}

/** The tool whose marker lies in this folder, if any. */
function markerIn(folder: string, home: string): SyncTool | null {
  const stfolder = statOrNull(join(folder, '.stfolder'));
  if (stfolder && (stfolder.isDirectory() || stfolder.isFile())) return 'syncthing';
  if (statOrNull(join(folder, '.dropbox.cache'))?.isDirectory()) return 'dropbox';
  // In the home folder `.dropbox` is the app's settings folder; the marker is a file.
  if (statOrNull(join(folder, '.dropbox'))?.isFile() && folder !== home) return 'dropbox';
  if (hasEntry(folder, NEXTCLOUD_FILE)) return 'nextcloud';
  return null;
}

/** The tool that this folder is, by its name and where it lies (no marker needed). */
function namedFolder(folder: string, home: string): SyncTool | null {
  const name = basename(folder);
  const parent = dirname(folder);
  if (parent === home) {
    if (/^OneDrive( - .+)?$/.test(name)) return 'onedrive';
    if (name === 'iCloudDrive') return 'icloud';
    if (name === 'Google Drive' || name === 'My Drive') return 'google-drive';
  }
  if (parent === join(home, 'Library', 'CloudStorage')) {
    if (/^OneDrive(-.+)?$/.test(name)) return 'onedrive';
    if (/^GoogleDrive(-.+)?$/.test(name)) return 'google-drive';
    if (/^Dropbox(-.+)?$/.test(name)) return 'dropbox';
    if (/^iCloud/.test(name)) return 'icloud';
  }
  if (folder === join(home, 'Library', 'Mobile Documents')) return 'icloud';
  // A streamed Google Drive on Windows: G:\My Drive.
  if (name === 'My Drive' && dirname(parent) === parent) return 'google-drive';
  return null;
}

/** Whether `path` is `folder` or lies somewhere inside it (paths already resolved). */
export function isWithin(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

/** The path through links when it can be read, else as given (resolved). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The synced folder that holds the document (the nearest one), or null. Never throws. */
export function syncedFolderOf(documentPath: string, options: { home?: string } = {}): SyncedFolder | null {
  const home = realPath(options.home ?? homedir());
  let folder = realPath(dirname(resolve(documentPath)));
  const underHome = isWithin(home, folder);
  for (let level = 0; level < MAX_LEVELS; level += 1) {
    const tool = markerIn(folder, home) ?? namedFolder(folder, home);
    if (tool) return { tool, folder };
    const parent = dirname(folder);
    if (parent === folder || (underHome && folder === home)) return null;
    folder = parent;
  }
  return null;
}
