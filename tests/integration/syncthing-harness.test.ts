/**
 * The Syncthing harness that the two-laptop tests use: two real instances on loopback carry a
 * file each way, listen on 127.0.0.1 only with discovery and relays off, and leave no process
 * behind. Needs `syncthing` on PATH (CI installs it); without it this fails rather than skips.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../helpers/files';
import { startSyncthingPair, type SyncthingSide } from '../helpers/syncthing';

const tempDir = useTempDir();

/** Writes under a temporary name and renames, as the app saves, so no half file is ever synced. */
function writeWhole(folder: string, name: string, bytes: Buffer): void {
  const temporary = join(folder, `${name}.writing`);
  writeFileSync(temporary, bytes);
  renameSync(temporary, join(folder, name));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface SyncthingConfig {
  gui: { address: string };
  options: Record<string, unknown> & { listenAddresses: string[] };
  devices: Array<{ deviceID: string; addresses: string[] }>;
  folders: Array<{ id: string; path: string; devices: unknown[] }>;
}

describe('Syncthing test harness', () => {
  it('carries a file each way over loopback only, then stops both processes', { timeout: 120_000 }, async () => {
    const root = tempDir();
    const folders: Record<SyncthingSide, string> = { A: join(root, 'laptop-a'), B: join(root, 'laptop-b') };
    const started = Date.now();
    const pair = await startSyncthingPair({ folderA: folders.A, folderB: folders.B, homeRoot: join(root, 'homes') });
    try {
      console.info(`syncthing pair up and connected in ${Date.now() - started} ms`);

      const there = randomBytes(200_000);
      let sent = Date.now();
      writeWhole(folders.A, 'chain.vanort', there);
      const arrived = await pair.waitForFile('B', 'chain.vanort', 30_000, (bytes) => bytes.equals(there));
      console.info(`A → B: ${there.length} bytes in ${Date.now() - sent} ms`);
      expect(arrived.equals(there)).toBe(true);

      const back = randomBytes(50_000);
      sent = Date.now();
      writeWhole(folders.B, 'from-b.vanort', back);
      expect((await pair.waitForFile('A', 'from-b.vanort', 30_000, (bytes) => bytes.equals(back))).equals(back)).toBe(true);
      console.info(`B → A: ${back.length} bytes in ${Date.now() - sent} ms`);

      for (const side of ['A', 'B'] as const) {
        const config = (await pair.rest(side, '/rest/config')) as SyncthingConfig;
        expect(config.options).toMatchObject({
          globalAnnounceEnabled: false,
          localAnnounceEnabled: false,
          relaysEnabled: false,
          natEnabled: false,
          urAccepted: -1,
          crashReportingEnabled: false,
          autoUpgradeIntervalH: 0,
          startBrowser: false,
        });
        expect(config.options.listenAddresses).toEqual([expect.stringMatching(/^tcp:\/\/127\.0\.0\.1:\d+$/)]);
        expect(config.gui.address).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(config.folders).toEqual([expect.objectContaining({ id: pair.folderId, path: folders[side] })]);
        expect(config.folders[0]!.devices).toHaveLength(2);
        for (const device of config.devices) {
          expect(device.addresses.every((address) => /^(tcp:\/\/127\.0\.0\.1:\d+|dynamic)$/.test(address))).toBe(true);
        }

        const listening = await pair.listening();
        expect(listening).toContain(`tcp://${config.gui.address}`);
        expect(listening).toContain(config.options.listenAddresses[0]);
      }
      const listening = await pair.listening();
      console.info(`listening: ${listening.join(' ')}`);
      // Every socket of both processes, so a discovery (UDP 21027) or QUIC listener would show here too.
      expect(listening.filter((address) => !/^(tcp|udp):\/\/127\.0\.0\.1:\d+$/.test(address))).toEqual([]);
      expect(listening).toHaveLength(4);

      for (const folder of Object.values(folders)) {
        expect(readdirSync(folder).filter((name) => name.includes('.sync-conflict-'))).toEqual([]);
      }
    } finally {
      await pair.stop();
    }
    await pair.stop(); // twice is harmless
    expect(alive(pair.pids.A)).toBe(false);
    expect(alive(pair.pids.B)).toBe(false);
    expect(await pair.listening()).toEqual([]);
  });

  it('kills an instance that does not end on SIGTERM after 5 s', { timeout: 120_000 }, async () => {
    const root = tempDir();
    const pair = await startSyncthingPair({ folderA: join(root, 'a'), folderB: join(root, 'b'), homeRoot: join(root, 'homes') });
    let stopped: number;
    try {
      // A stopped process holds SIGTERM pending, as a hung one would ignore it.
      process.kill(pair.pids.A, 'SIGSTOP');
      const asked = Date.now();
      await pair.stop();
      stopped = Date.now() - asked;
    } finally {
      await pair.stop();
    }
    expect(stopped).toBeGreaterThanOrEqual(5_000);
    expect(stopped).toBeLessThan(15_000);
    expect(alive(pair.pids.A)).toBe(false);
    expect(alive(pair.pids.B)).toBe(false);
  });
});
