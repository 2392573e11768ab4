/**
 * Two real Syncthing instances on loopback that share one folder, for tests that sync app
 * documents between two "laptops". Everything is local and quiet: no discovery, relays, NAT,
 * usage or crash reports, upgrades or browser; ports are picked at run time.
 *
 * The caller must call `stop()` in `finally` or `afterAll`, also when the test fails; a process
 * exit guard and the parent-death signal (setpriv) only catch what that misses.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';

export type SyncthingSide = 'A' | 'B';

export interface SyncthingPairOptions {
  /** The shared folder as instance A sees it (made when missing). */
  folderA: string;
  /** The shared folder as instance B sees it (made when missing). */
  folderB: string;
  /** Each instance gets its home (keys, config, database) under here: `homeRoot/A`, `homeRoot/B`. */
  homeRoot: string;
  /** The folder's full rescan interval; the file watcher (1 s delay) usually sees changes first. */
  rescanSeconds?: number;
}

export interface SyncthingPair {
  /** Ends both processes (SIGTERM, SIGKILL after 5 s) and waits for them to exit; safe to call twice. */
  stop(): Promise<void>;
  /**
   * Resolves with the bytes of `name` in that side's folder once it exists under its final name
   * (never Syncthing's `.syncthing.NAME.tmp` or a `.sync-conflict-` copy) and `predicate` accepts them.
   */
  waitForFile(side: SyncthingSide, name: string, timeoutMs: number, predicate?: (bytes: Buffer) => boolean): Promise<Buffer>;
  /** Every address the two processes listen on, as `tcp://HOST:PORT` or `udp://HOST:PORT` (IPv6 in brackets). */
  listening(): Promise<string[]>;
  /** The process ids, to check that none outlives `stop()`. */
  readonly pids: Readonly<Record<SyncthingSide, number>>;
  /** The id of the one shared folder. */
  readonly folderId: string;
  /** GET from that instance's REST API (with its API key): the parsed JSON answer. */
  rest(side: SyncthingSide, path: string): Promise<unknown>;
}

export const SYNCTHING_FOLDER_ID = 'vanortsatlas-shared';
const CONNECT_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const LOG_KEPT = 64 * 1024;
const SIDES: SyncthingSide[] = ['A', 'B'];

interface Instance {
  side: SyncthingSide;
  home: string;
  folder: string;
  deviceId: string;
  guiPort: number;
  listenPort: number;
  apiKey: string;
  child?: ChildProcess;
  exited?: Promise<void>;
  hasExited: boolean;
  log: string;
}

/** Fails with the install line when there is no syncthing to run: CI installs it, a test must not skip. */
function requireSyncthing(): void {
  const probe = spawnSync('syncthing', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'Syncthing is not installed (no `syncthing` on PATH). Install it: `sudo apt-get install -y syncthing` ' +
        `(.ci/run does this in CI). ${probe.error?.message ?? probe.stderr}`,
    );
  }
}

/** Free loopback ports, all held open together so they differ, then released for Syncthing. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((done, fail) => {
          const server = createServer();
          server.once('error', fail);
          server.listen(0, '127.0.0.1', () => done(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

function run(args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync('syncthing', args, { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`syncthing ${args.join(' ')} failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** The environment of every syncthing run: no default folder, no upgrades, no monitor process, no proxy. */
function syncthingEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STNODEFAULTFOLDER: '1',
    STNOUPGRADE: '1',
    STNORESTART: '1',
    // 1.19 forks a monitor parent even with --no-restart; this (what the monitor sets for its
    // child) runs Syncthing itself as our child, so its pid is the one that listens and is stopped.
    STMONITORED: 'yes',
    HOME: home,
  };
  // Syncthing dials peers through ALL_PROXY when it is set; these peers are on loopback.
  for (const name of ['ALL_PROXY', 'all_proxy', 'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy']) delete env[name];
  return env;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Sets one element in the generated config; fails loudly if this Syncthing version does not have it. */
function setElement(xml: string, name: string, value: string): string {
  const pattern = new RegExp(`<${name}>[^<]*</${name}>`);
  if (!pattern.test(xml)) throw new Error(`Syncthing's generated config.xml has no <${name}>`);
  return xml.replace(pattern, `<${name}>${escapeXml(value)}</${name}>`);
}

const QUIET_OPTIONS: Record<string, string> = {
  globalAnnounceEnabled: 'false',
  localAnnounceEnabled: 'false',
  relaysEnabled: 'false',
  natEnabled: 'false',
  urAccepted: '-1',
  crashReportingEnabled: 'false',
  autoUpgradeIntervalH: '0',
  startBrowser: 'false',
  announceLANAddresses: 'false',
  // Both dial at start; the one that came up first retries soon instead of after a minute.
  reconnectionIntervalS: '2',
  // A niced process on a loaded 2-core machine makes the sync times erratic.
  setLowPriority: 'false',
};

/** The generated config with everything made local and quiet, the peer introduced and the folder shared. */
function configFor(xml: string, self: Instance, peer: Instance, rescanSeconds: number): string {
  // Named A and B rather than after the host, so the two logs tell the instances apart.
  let config = xml.replace(new RegExp(`(<device id="${self.deviceId}" name=")[^"]*"`), `$1${self.side}"`);
  config = setElement(config, 'listenAddress', `tcp://127.0.0.1:${self.listenPort}`);
  for (const [name, value] of Object.entries(QUIET_OPTIONS)) config = setElement(config, name, value);
  config = config.replace(
    /<gui [^>]*>[\s\S]*?<\/gui>/,
    `<gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:${self.guiPort}</address>
        <apikey>${self.apiKey}</apikey>
        <theme>default</theme>
    </gui>`,
  );
  // maxConflicts: a folder element written by hand gets 0 (no conflict copies at all, the older
  // version silently dropped); 10 is what Syncthing's own default folder has.
  const shared = `    <folder id="${SYNCTHING_FOLDER_ID}" label="${SYNCTHING_FOLDER_ID}" path="${escapeXml(self.folder)}" type="sendreceive" rescanIntervalS="${rescanSeconds}" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="${self.deviceId}" introducedBy=""></device>
        <device id="${peer.deviceId}" introducedBy=""></device>
        <markerName>.stfolder</markerName>
        <maxConflicts>10</maxConflicts>
    </folder>
    <device id="${peer.deviceId}" name="${peer.side}" compression="metadata" introducer="false" skipIntroductionRemovals="false" introducedBy="">
        <address>tcp://127.0.0.1:${peer.listenPort}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>
`;
  return config.replace(/(<configuration [^>]*>\n)/, `$1${shared}`);
}

function tail(instance: Instance, lines = 40): string {
  return `--- syncthing ${instance.side} (last ${lines} log lines) ---\n${instance.log.split('\n').slice(-lines).join('\n')}`;
}

function startInstance(instance: Instance): void {
  const args = ['serve', '--home', instance.home, '--no-browser', '--no-restart', '--no-upgrade', '--logflags=3'];
  // The parent-death signal ends Syncthing even when the test process is killed outright.
  const withGuard = existsSync('/usr/bin/setpriv')
    ? ['/usr/bin/setpriv', '--pdeathsig', 'SIGKILL', '--', 'syncthing', ...args]
    : ['syncthing', ...args];
  const child = spawn(withGuard[0]!, withGuard.slice(1), { env: syncthingEnv(instance.home), stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: string) => {
    instance.log = (instance.log + chunk).slice(-LOG_KEPT);
  };
  child.stdout!.setEncoding('utf8').on('data', keep);
  child.stderr!.setEncoding('utf8').on('data', keep);
  instance.child = child;
  instance.exited = new Promise((done) => {
    child.once('exit', (code, signal) => {
      instance.hasExited = true;
      keep(`\n[exited: code ${code}, signal ${signal}]\n`);
      done();
    });
    // A spawn failure emits 'error' and no 'exit'.
    child.once('error', (error) => {
      keep(`\n[error: ${error.message}]\n`);
      if (child.pid !== undefined) return;
      instance.hasExited = true;
      done();
    });
  });
}

async function stopInstance(instance: Instance): Promise<void> {
  const { child, exited } = instance;
  if (!child || !exited || instance.hasExited) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((done) => {
    timer = setTimeout(() => done('late'), STOP_GRACE_MS);
  });
  const outcome = await Promise.race([exited, late]);
  clearTimeout(timer);
  if (outcome === 'late' && !instance.hasExited) {
    child.kill('SIGKILL');
    await exited;
  }
}

async function restGet(instance: Instance, path: string): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${instance.guiPort}${path}`, {
    headers: { 'X-API-Key': instance.apiKey },
    signal: AbortSignal.timeout(5_000),
  });
  if (!response.ok) throw new Error(`syncthing ${instance.side} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Whether this instance answers, sees its peer connected and has the folder scanned and idle. */
async function ready(instance: Instance, peer: Instance): Promise<boolean> {
  try {
    const connections = (await restGet(instance, '/rest/system/connections')) as {
      connections: Record<string, { connected: boolean }>;
    };
    if (!connections.connections[peer.deviceId]?.connected) return false;
    const status = (await restGet(instance, `/rest/db/status?folder=${SYNCTHING_FOLDER_ID}`)) as { state: string };
    return status.state === 'idle';
  } catch {
    return false; // not listening yet
  }
}

/** Sockets that process owns (inode numbers), from its file descriptors. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** A /proc/net address (hex, each 32-bit word in host order) as text. */
function procAddress(hex: string): string {
  const [host, port] = hex.split(':') as [string, string];
  const words = host.match(/.{8}/g)!.map((word) => word.match(/../g)!.reverse().join(''));
  const address =
    words.length === 1
      ? words[0]!
          .match(/../g)!
          .map((byte) => parseInt(byte, 16))
          .join('.')
      : // The URL parser writes an IPv6 address in its short form ([::1], [::]).
        new URL(`http://[${words.join('').match(/.{4}/g)!.join(':')}]/`).hostname;
  return `${address}:${parseInt(port, 16)}`;
}

/** What a process listens on: TCP sockets in LISTEN and unconnected bound UDP sockets, read from /proc (no ss needed). */
function listeningOf(pid: number): string[] {
  const inodes = socketInodes(pid);
  const found: string[] = [];
  for (const [file, protocol, state] of [
    ['tcp', 'tcp', '0A'],
    ['tcp6', 'tcp', '0A'],
    ['udp', 'udp', '07'],
    ['udp6', 'udp', '07'],
  ] as const) {
    let table: string;
    try {
      table = readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue; // no IPv6 on this machine
    }
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== state || !inodes.has(fields[9]!)) continue;
      found.push(`${protocol}://${procAddress(fields[1]!)}`);
    }
  }
  return found;
}

export async function startSyncthingPair(options: SyncthingPairOptions): Promise<SyncthingPair> {
  requireSyncthing();
  const rescanSeconds = options.rescanSeconds ?? 2;
  const ports = await freePorts(4);
  const instances: Instance[] = SIDES.map((side, index) => ({
    side,
    home: resolve(options.homeRoot, side),
    folder: resolve(side === 'A' ? options.folderA : options.folderB),
    deviceId: '',
    guiPort: ports[index * 2]!,
    listenPort: ports[index * 2 + 1]!,
    apiKey: randomBytes(16).toString('hex'),
    hasExited: false,
    log: '',
  }));
  const [a, b] = instances as [Instance, Instance];

  for (const instance of instances) {
    // A second run in the same home would find the folder and peer already in its config.
    if (existsSync(join(instance.home, 'config.xml')))
      throw new Error(`${instance.home} already holds a Syncthing config: give a fresh homeRoot`);
    mkdirSync(instance.home, { recursive: true });
    const env = syncthingEnv(instance.home);
    run(['generate', '--home', instance.home, '--no-default-folder', '--skip-port-probing'], env);
    instance.deviceId = run(['serve', '--home', instance.home, '--device-id'], env).trim();
    // Syncthing refuses to use a folder without its marker (a "folder marker missing" error).
    mkdirSync(join(instance.folder, '.stfolder'), { recursive: true });
  }
  for (const [self, peer] of [
    [a, b],
    [b, a],
  ] as const) {
    const path = join(self.home, 'config.xml');
    writeFileSync(path, configFor(readFileSync(path, 'utf8'), self, peer, rescanSeconds));
  }

  const killAll = () => {
    for (const instance of instances) if (!instance.hasExited) instance.child?.kill('SIGKILL');
  };
  process.once('exit', killAll);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= Promise.all(instances.map(stopInstance)).then(() => {
      process.removeListener('exit', killAll);
    }));

  for (const instance of instances) startInstance(instance);
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  for (;;) {
    const gone = instances.find((instance) => instance.hasExited);
    if (gone) {
      await stop();
      throw new Error(`Syncthing ${gone.side} exited while starting\n${tail(a)}\n${tail(b)}`);
    }
    if ((await ready(a, b)) && (await ready(b, a))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `Syncthing A and B were not connected with the folder idle within ${CONNECT_TIMEOUT_MS / 1000} s\n${tail(a)}\n${tail(b)}`,
      );
    }
    await sleep(250);
  }

  const bySide = (side: SyncthingSide) => (side === 'A' ? a : b);
  return {
    stop,
    pids: { A: a.child!.pid!, B: b.child!.pid! },
    folderId: SYNCTHING_FOLDER_ID,
    rest: (side, path) => restGet(bySide(side), path),
    listening: async () =>
      instances.filter((instance) => !instance.hasExited).flatMap((instance) => listeningOf(instance.child!.pid!)),
    waitForFile: async (side, name, timeoutMs, predicate = () => true) => {
      const instance = bySide(side);
      const path = join(instance.folder, name);
      const until = Date.now() + timeoutMs;
      for (;;) {
        let bytes: Buffer | undefined;
        try {
          bytes = readFileSync(path);
        } catch {
          // not there yet under its final name
        }
        if (bytes && predicate(bytes)) return bytes;
        if (Date.now() > until) {
          const present = readdirSync(instance.folder).join(', ');
          throw new Error(
            `${name} did not arrive in ${side}'s folder within ${timeoutMs} ms (present: ${present})\n${tail(instance)}`,
          );
        }
        await sleep(100);
      }
    },
  };
}
