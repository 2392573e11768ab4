import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Electronegativity over the project, through scripts/security-audit.ts, as CI runs it: the
 * project must pass, and the wrapper must fail on an insecure app (so this test can fail too).
 * It scans out/ as well, which `npm test` builds before the tests.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'atlas-audit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Report {
  scanned: { target: string; files: number }[];
  findings: { check: string; severity: string; file: string; status: string }[];
  problems: string[];
}

function audit(name: string, args: string[]): { code: number | null; output: string; report: Report } {
  const reportDir = join(work, name);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'scripts', 'security-audit.ts'), '--report-dir', reportDir, ...args],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  let report: Report = { scanned: [], findings: [], problems: [] };
  try {
    report = JSON.parse(readFileSync(join(reportDir, 'security-audit.json'), 'utf8')) as Report;
  } catch {
    // no report: the exit code and output say why
  }
  return { code: result.status, output, report };
}

function baseline(name: string, accepted: unknown[]): string {
  const path = join(work, `${name}.json`);
  writeFileSync(path, JSON.stringify({ accepted }));
  return path;
}

const insecureFixture = join(root, 'tests', 'fixtures', 'insecure-electron');

describe('the Electronegativity audit', () => {
  it('passes on the app: sources and what ships, every lower finding explained in SECURITY.md', () => {
    const { code, output, report } = audit('project', []);
    expect(code, output).toBe(0);
    expect(report.scanned.map(({ target }) => target)).toEqual(['electron', 'out']);
    for (const { target, files } of report.scanned) expect(files, target).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
    for (const finding of report.findings) {
      expect(finding.status, JSON.stringify(finding)).not.toMatch(/BLOCKING|NOT EXPLAINED/);
    }
  });

  it('fails on an app with nodeIntegration on and contextIsolation off', () => {
    const { code, output, report } = audit('insecure', ['--baseline', baseline('empty', []), insecureFixture]);
    expect(code, output).toBe(1);
    const blocking = report.findings.filter(({ status }) => status === 'BLOCKING').map(({ check }) => check);
    expect(blocking).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(output).toMatch(/HIGH finding\(s\) not in the baseline/);
  });

  it('passes a HIGH finding only when the baseline accepts it with a reason', () => {
    const first = audit('insecure-listed', ['--baseline', baseline('empty3', []), insecureFixture]);
    const high = first.report.findings.filter(({ severity }) => severity === 'HIGH');
    expect(high.length).toBeGreaterThan(0);
    const accepted = high.map(({ check, file }) => ({ check, file, reason: 'test fixture, deliberately insecure' }));
    expect(audit('accepted', ['--baseline', baseline('accepting', accepted), insecureFixture]).code).toBe(0);
    const withoutReason = accepted.map((entry) => ({ ...entry, reason: ' ' }));
    const refused = audit('no-reason', ['--baseline', baseline('no-reason', withoutReason), insecureFixture]);
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/needs a non-empty "reason"/);
  });

  it('fails when a file cannot be read, or there is nothing to scan', () => {
    const dir = join(work, 'broken');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'main.js'),
      'const { BrowserWindow } = require("electron");\nnew BrowserWindow({ webPreferences: {\n',
    );
    const broken = audit('broken', ['--baseline', baseline('empty4', []), dir]);
    expect(broken.code, broken.output).toBe(1);
    expect(broken.output).toMatch(/could not parse/);
    const empty = join(work, 'empty-dir');
    mkdirSync(empty);
    const nothing = audit('nothing', ['--baseline', baseline('empty5', []), empty]);
    expect(nothing.code).toBe(1);
    expect(nothing.output).toMatch(/nothing to scan/);
  });
});
