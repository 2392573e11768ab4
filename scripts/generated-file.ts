import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Writes a file the build prepares (resources/generated), unless it is newer than the script
 * that makes it (pass --force to remake it). Runs only when the script itself is run.
 */
export async function writeGenerated(
  scriptUrl: string,
  label: string,
  path: string,
  make: () => Promise<{ text: string | Uint8Array; summary: string }> | { text: string | Uint8Array; summary: string },
): Promise<void> {
  const script = fileURLToPath(scriptUrl);
  if (process.argv[1] !== script) return;
  if (existsSync(path) && statSync(path).mtimeMs > statSync(script).mtimeMs && !process.argv.includes('--force')) {
    console.log(`${label}: up to date (${path})`);
    return;
  }
  const started = Date.now();
  const { text, summary } = await make();
  mkdirSync(dirname(path), { recursive: true });
  // Written beside and moved into place: a process that has the old file open (the gazetteer,
  // opened by SQLite in a running app or test) keeps reading it whole.
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
  console.log(`${label}: ${summary}, ${(text.length / 1e6).toFixed(1)} MB in ${Date.now() - started} ms`);
}
