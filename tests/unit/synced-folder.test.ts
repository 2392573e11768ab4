import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncedFolderOf } from '../../electron/services/sync/synced-folder';
import { useTempDir } from '../helpers/files';

/** Folders made in a temporary "home" with what each sync tool leaves there; the document need not exist. */

const tempDir = useTempDir();

function setUp() {
  const root = tempDir();
  const home = join(root, 'home', 'karen');
  mkdirSync(home, { recursive: true });
  const folder = (...parts: string[]) => {
    const path = join(home, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const file = (path: string, text = '') => writeFileSync(path, text);
  const found = (documentFolder: string) => syncedFolderOf(join(documentFolder, 'chain.vanort'), { home });
  return { root, home, folder, file, found };
}

describe('syncedFolderOf: is the document inside a folder a sync tool syncs?', () => {
  it('finds the markers that sync tools leave at the root of what they sync, the nearest first', () => {
    const { folder, file, found } = setUp();
    const syncthing = folder('Sync');
    mkdirSync(join(syncthing, '.stfolder'));
    expect(found(folder('Sync', 'vänorter', '2026'))).toEqual({ tool: 'syncthing', folder: syncthing });
    const oldSyncthing = folder('Old');
    file(join(oldSyncthing, '.stfolder'));
    expect(found(oldSyncthing)).toEqual({ tool: 'syncthing', folder: oldSyncthing });

    const dropbox = folder('Dropbox');
    mkdirSync(join(dropbox, '.dropbox.cache'));
    expect(found(folder('Dropbox', 'Kedjan'))).toEqual({ tool: 'dropbox', folder: dropbox });
    const sharedDropbox = folder('Elsewhere', 'Delad');
    file(join(sharedDropbox, '.dropbox'), '{"ns": 123}');
    expect(found(sharedDropbox)).toEqual({ tool: 'dropbox', folder: sharedDropbox });

    for (const journal of [
      '.sync_3f2a9c1d0b4e.db',
      '._sync_3f2a9c1d0b4e.db',
      '.csync_journal.db',
      '.owncloudsync.log',
      '.nextcloudsync.log',
    ]) {
      const cloud = folder(`Nextcloud-${journal}`);
      file(join(cloud, journal));
      expect(found(folder(`Nextcloud-${journal}`, 'Vänort')), journal).toEqual({ tool: 'nextcloud', folder: cloud });
    }

    // A Syncthing folder inside a Dropbox: the nearest tool is the one that copies the file.
    const inner = folder('Dropbox', 'Syncthing-här');
    mkdirSync(join(inner, '.stfolder'));
    expect(found(inner)).toEqual({ tool: 'syncthing', folder: inner });
  });

  it('knows the folders OneDrive, Google Drive and iCloud make by their names and places', () => {
    const { folder, found } = setUp();
    expect(found(folder('OneDrive', 'Dokument'))).toEqual({ tool: 'onedrive', folder: folder('OneDrive') });
    expect(found(folder('OneDrive - Vänersborgs kommun', 'Vänorter'))).toEqual({
      tool: 'onedrive',
      folder: folder('OneDrive - Vänersborgs kommun'),
    });
    const cloudStorage = (name: string) => folder('Library', 'CloudStorage', name);
    for (const [name, tool] of [
      ['OneDrive-Personal', 'onedrive'],
      ['OneDrive-VänersborgsKommun', 'onedrive'],
      ['GoogleDrive-karen@example.se', 'google-drive'],
      ['Dropbox', 'dropbox'],
    ] as const) {
      expect(found(join(cloudStorage(name), 'Kedjan')), name).toEqual({ tool, folder: cloudStorage(name) });
    }
    expect(found(folder('Library', 'Mobile Documents', 'com~apple~CloudDocs', 'Vänorter'))).toEqual({
      tool: 'icloud',
      folder: folder('Library', 'Mobile Documents'),
    });
    expect(found(folder('iCloudDrive', 'Vänorter'))).toEqual({ tool: 'icloud', folder: folder('iCloudDrive') });
    expect(found(folder('My Drive'))).toEqual({ tool: 'google-drive', folder: folder('My Drive') });
    expect(found(folder('Google Drive', 'a'))).toEqual({ tool: 'google-drive', folder: folder('Google Drive') });
    // Those names elsewhere are ordinary folders.
    expect(found(folder('Documents', 'OneDrive'))).toBeNull();
    expect(found(folder('Documents', 'OneDriveKopia'))).toBeNull();
    expect(found(folder('OneDrivers'))).toBeNull();
    expect(found(folder('Documents', 'My Drive'))).toBeNull();
  });

  it("finds nothing in ordinary folders, and takes Dropbox's settings folder in the home for no marker", () => {
    const { home, folder, file, found } = setUp();
    expect(found(folder('Documents', 'Vänorter'))).toBeNull();
    expect(found(home)).toBeNull();
    // ~/.dropbox is where the Dropbox app keeps its settings (a folder), not a synced folder's marker.
    mkdirSync(join(home, '.dropbox'));
    file(join(home, '.dropbox', 'info.json'), '{}');
    expect(found(folder('Documents'))).toBeNull();
    // Names that only look like a journal.
    file(join(folder('Documents'), 'sync_notes.db'));
    file(join(folder('Documents'), '.sync_notes.txt'));
    expect(found(folder('Documents'))).toBeNull();
    // A document that does not exist yet, in a folder that does not either.
    expect(found(join(home, 'not', 'yet'))).toBeNull();
  });

  it('does not look above the home folder for a document in it, but does for one outside it', () => {
    const { root, home, folder, found } = setUp();
    mkdirSync(join(root, '.stfolder'));
    expect(found(folder('Documents'))).toBeNull();
    const outside = join(root, 'srv', 'delat');
    mkdirSync(outside, { recursive: true });
    expect(syncedFolderOf(join(outside, 'chain.vanort'), { home })).toEqual({ tool: 'syncthing', folder: root });
  });

  it('follows a link to the folder the document really lies in', () => {
    const { root, home, folder } = setUp();
    const synced = folder('Sync');
    mkdirSync(join(synced, '.stfolder'));
    symlinkSync(synced, join(root, 'genväg'));
    expect(syncedFolderOf(join(root, 'genväg', 'chain.vanort'), { home })).toEqual({ tool: 'syncthing', folder: synced });
  });

  it('stops after a fixed number of levels', () => {
    const { folder, found } = setUp();
    const top = folder('Djup');
    mkdirSync(join(top, '.stfolder'));
    const deep = folder('Djup', ...Array.from({ length: 40 }, (_, index) => `n${index}`));
    expect(found(deep)).toBeNull();
    expect(found(folder('Djup', ...Array.from({ length: 20 }, (_, index) => `n${index}`)))).toEqual({
      tool: 'syncthing',
      folder: top,
    });
  });
});
