import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Result } from '../../shared/result';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FAULT_CHILD = fileURLToPath(new URL('./fault-child.ts', import.meta.url));

/** The command line that runs the fault child with this Node and tsx. */
export function childCommand(mode: string, ...args: string[]): string[] {
  return [process.execPath, '--import', 'tsx', FAULT_CHILD, mode, ...args];
}

export interface RunningChild {
  process: ChildProcess;
  /** Resolves with the first report line whose step is `step` (or rejects on an error report or exit). */
  waitFor(step: string): Promise<Record<string, unknown>>;
  /** Resolves when the process has exited: its code and signal, and what it wrote to stderr. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/**
 * Starts a child process (the fault child, possibly behind setpriv, unshare or a shell) and reads
 * its one-JSON-object-a-line reports.
 */
export function startChild(command: string[], options: { env?: NodeJS.ProcessEnv } = {}): RunningChild {
  const child = spawn(command[0]!, command.slice(1), {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const reports: Array<Record<string, unknown>> = [];
  const waiting: Array<{ step: string; resolve: (report: Record<string, unknown>) => void; reject: (error: Error) => void }> = [];
  let stderr = '';
  let buffered = '';
  let ended = false;
  const settle = () => {
    for (const waiter of [...waiting]) {
      const found = reports.find((report) => report.step === waiter.step);
      const failed = reports.find((report) => report.step === 'error');
      if (found) waiter.resolve(found);
      else if (failed) waiter.reject(new Error(`child failed: ${String(failed.error)}`));
      else if (ended) waiter.reject(new Error(`child exited before "${waiter.step}": ${stderr.slice(-2000)}`));
      else continue;
      waiting.splice(waiting.indexOf(waiter), 1);
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('{')) continue;
      try {
        reports.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a report
      }
    }
    settle();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      ended = true;
      settle();
      resolve({ code, signal, stderr });
    });
  });
  return {
    process: child,
    waitFor: (step) =>
      new Promise((resolve, reject) => {
        waiting.push({ step, resolve, reject });
        settle();
      }),
    exited,
  };
}

/** A second app instance in a child process (fault-child's serve mode), driven call by call. */
export interface AppInstance {
  pid: number;
  /** What document.info answered when it had opened the document. */
  opened: Result<unknown>;
  call(method: string, input?: unknown): Promise<Result<unknown>>;
  /** Closes the document and ends the process. */
  stop(): Promise<void>;
}

export async function startInstance(path: string, settingsDir: string, env: NodeJS.ProcessEnv = {}): Promise<AppInstance> {
  const child = startChild(childCommand('serve', path, settingsDir), { env });
  const opened = await child.waitFor('opened');
  let next = 0;
  return {
    pid: opened.pid as number,
    opened: opened.info as Result<unknown>,
    async call(method, input = {}) {
      const id = (next += 1);
      child.process.stdin!.write(`${JSON.stringify({ id, method, input })}\n`);
      return (await child.waitFor(`answer-${id}`)).result as Result<unknown>;
    },
    async stop() {
      child.process.stdin!.end();
      await child.exited;
    },
  };
}

/** Whether a command works here (used to say plainly why a fault test cannot run). */
export function commandWorks(command: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command[0]!, command.slice(1), { encoding: 'utf8', timeout: 20_000 });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`,
  };
}

const AS_NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
// Where nobody cannot read the checkout (a clone in root's 0700 home), a new user namespace
// without a uid map does as well: the process keeps root's uid for files it owns, but loses the
// capability to override file modes, so 0444 and 0555 apply to it.
const WITHOUT_OVERRIDE = ['unshare', '-U'];

let unprivileged: { command: string[]; probe: { ok: boolean; output: string }; nobody: { ok: boolean; output: string } } | null =
  null;

/**
 * A command prefix that runs a process for which file modes apply: CI runs as root, who writes a
 * 0444 file anyway. The user nobody (setpriv), or a user namespace (unshare -U) where nobody cannot
 * read the project; `probe` says whether Node with better-sqlite3 runs so (and why not).
 */
export function unprivilegedCommand(): NonNullable<typeof unprivileged> {
  if (unprivileged) return unprivileged;
  const loadSqlite = [process.execPath, '-e', `require(${JSON.stringify(join(PROJECT_ROOT, 'node_modules', 'better-sqlite3'))})`];
  const nobody = commandWorks([...AS_NOBODY, ...loadSqlite]);
  const probe = nobody.ok ? nobody : commandWorks([...WITHOUT_OVERRIDE, ...loadSqlite]);
  unprivileged = { command: nobody.ok ? AS_NOBODY : WITHOUT_OVERRIDE, probe, nobody };
  return unprivileged;
}
