/**
 * npm run audit:security -- [--baseline FILE] [--report-dir DIR] [--explained SECURITY.md] [TARGET ...]
 *
 * Runs Electronegativity over the main-process sources (electron/) and over what ships (out/:
 * main, preload and the renderer's HTML and scripts; run `npm run build` first), and fails on any
 * HIGH finding that security-baseline.json does not accept with a reason. Lower findings are
 * listed, each marked whether SECURITY.md explains it (tests/unit/electron-security-audit.test.ts
 * requires that it does). Electronegativity itself exits 0 whatever it finds, hence this wrapper.
 * The summary is written to DIR/security-audit.json (default test-results/security).
 *
 * It runs offline: Electronegativity fetches translations and Electron's release list over the
 * network; here its HTTP client is replaced by one that fails at once, and the release check
 * (AvailableSecurityFixesGlobalCheck, the only check that needs the list) is left out.
 * Exit codes: 0 clean, 1 a blocking finding or a file it could not read, 2 bad usage or baseline.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_TARGETS = ['electron', 'out'];
/** The kinds of file Electronegativity reads; a target with none of them was not audited. */
const SCANNED = /\.(jsx?|cjs|mjs|tsx?|html?)$/;

export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  /** target/relative path, or N/A for a global finding. */
  file: string;
  location: string;
  sample: string;
  description: string;
}

export interface BaselineEntry {
  check: string;
  file: string;
  reason: string;
}

/** An issue as Electronegativity's runner returns it. */
interface Issue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location?: { line?: number; column?: number };
  sample?: string;
  description: string;
}

interface ElectronegativityRun {
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Issue[];
}

type Runner = (options: Record<string, unknown>) => Promise<ElectronegativityRun>;

function loadElectronegativity(): { run: Runner; version: string } {
  const packageJson = createRequire(import.meta.url).resolve('@doyensec/electronegativity/package.json');
  const require = createRequire(join(dirname(packageJson), 'dist', 'runner.js'));
  // Offline: every request Electronegativity makes fails at once (it carries on without them).
  const offline = Object.assign(() => Promise.reject(new Error('offline: security-audit makes no network requests')), {
    head: () => Promise.reject(new Error('offline')),
  });
  const gotPath = require.resolve('got');
  const stub = new Module(gotPath);
  stub.exports = offline;
  stub.loaded = true;
  require.cache[gotPath] = stub;
  const quietLog = console.log;
  return {
    run: async (options) => {
      // It prints "Could not retrieve updated translations" when offline; nothing else.
      console.log = () => {};
      try {
        return await (require('./runner.js') as Runner)(options);
      } finally {
        console.log = quietLog;
      }
    },
    version: (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version,
  };
}

function countScannable(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
    (name) => SCANNED.test(name) && !name.includes('node_modules'),
  ).length;
}

export function readBaseline(path: string): BaselineEntry[] {
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { accepted?: unknown };
  if (!Array.isArray(parsed.accepted)) throw new Error(`${path}: expected { "accepted": [ { "check", "file", "reason" } ] }`);
  return parsed.accepted.map((entry: Partial<BaselineEntry>, index) => {
    for (const key of ['check', 'file', 'reason'] as const) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '')
        throw new Error(`${path}: accepted[${index}] needs a non-empty "${key}"`);
    }
    return entry as BaselineEntry;
  });
}

export function toFinding(issue: Issue, target: string): Finding {
  return {
    check: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file === 'N/A' ? 'N/A' : `${target}/${issue.file}`,
    location: `${issue.location?.line ?? 0}:${issue.location?.column ?? 0}`,
    sample: issue.sample ?? '',
    description: issue.description,
  };
}

export function isAccepted(finding: Finding, baseline: BaselineEntry[]): BaselineEntry | undefined {
  return baseline.find((entry) => entry.check === finding.check && entry.file === finding.file);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      baseline: { type: 'string', default: join(ROOT, 'security-baseline.json') },
      'report-dir': { type: 'string', default: join(ROOT, 'test-results', 'security') },
      explained: { type: 'string', default: join(ROOT, 'SECURITY.md') },
    },
  });
  let baseline: BaselineEntry[];
  try {
    baseline = readBaseline(values.baseline);
  } catch (error) {
    console.error(`security-audit: ${(error as Error).message}`);
    return 2;
  }
  const targets = positionals.length > 0 ? positionals : DEFAULT_TARGETS.map((target) => join(ROOT, target));
  const reportDir = resolve(values['report-dir']);
  mkdirSync(reportDir, { recursive: true });
  const electronVersion = (
    JSON.parse(readFileSync(createRequire(import.meta.url).resolve('electron/package.json'), 'utf8')) as { version: string }
  ).version;
  const electronegativity = loadElectronegativity();

  const findings: Finding[] = [];
  const problems: string[] = [];
  const scanned: { target: string; files: number }[] = [];
  for (const target of targets) {
    const input = resolve(target);
    const name = input.startsWith(ROOT + '/') ? input.slice(ROOT.length + 1) : basename(input);
    let files = 0;
    try {
      files = countScannable(input);
    } catch {
      // counted as zero below
    }
    scanned.push({ target: name, files });
    if (files === 0) {
      problems.push(`${name}: nothing to scan (for out/, run "npm run build" first)`);
      continue;
    }
    // The findings are taken from the runner's answer, not from its -o file: its CSV is written by
    // two unordered async writes (header and rows) and its SARIF has no severity.
    const run = await electronegativity.run({
      input,
      customScan: [],
      excludeFromScan: ['availablesecurityfixesglobalcheck'],
      isRelative: true,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    });
    for (const error of run.errors.filter(({ tolerable }) => !tolerable))
      problems.push(`${name}: could not parse ${error.file}: ${error.message}`);
    findings.push(...run.issues.map((issue) => toFinding(issue, name)));
  }

  const explanations = existsSync(values.explained) ? readFileSync(values.explained, 'utf8') : '';
  const judged = findings.map((finding) => {
    const accepted = isAccepted(finding, baseline);
    const explained = explanations.includes(finding.check) ? 'explained in SECURITY.md' : 'NOT EXPLAINED in SECURITY.md';
    const status = finding.severity !== 'HIGH' ? explained : accepted ? `accepted: ${accepted.reason}` : 'BLOCKING';
    return { ...finding, status };
  });
  const blocking = judged.filter(({ status }) => status === 'BLOCKING');
  const unused = baseline.filter((entry) => !findings.some((finding) => isAccepted(finding, [entry])));
  writeFileSync(
    join(reportDir, 'security-audit.json'),
    JSON.stringify(
      {
        electronegativity: electronegativity.version,
        electronVersion,
        scanned,
        findings: judged,
        problems,
        unusedBaseline: unused,
      },
      null,
      2,
    ),
  );

  console.log(
    `Electronegativity ${electronegativity.version}, Electron ${electronVersion}: ${scanned.map(({ target, files }) => `${target} (${files} files)`).join(', ')}`,
  );
  for (const finding of judged)
    console.log(`  ${finding.severity.padEnd(13)} ${finding.check} ${finding.file}:${finding.location} — ${finding.status}`);
  if (judged.length === 0) console.log('  no findings');
  for (const entry of unused)
    console.log(`  note: baseline entry ${entry.check} ${entry.file} matches nothing any more; remove it`);
  for (const problem of problems) console.error(`  problem: ${problem}`);
  if (blocking.length > 0)
    console.error(
      `security-audit: ${blocking.length} HIGH finding(s) not in the baseline (${values.baseline}); fix them, or accept each there with a reason`,
    );
  return blocking.length > 0 || problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
