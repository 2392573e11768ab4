import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startHost, type Host } from '../../electron/transport/web-host';

/** A browser host on the demo made in `dir`, serving a stand-in page (for tests that need no built renderer). */
export function standInHost(dir: string): Promise<Host> {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>stand-in</title><script type="module" src="/x.js"></script>',
  );
  return startHost({ dbPath: join(dir, 'demo.vanort'), settingsPath: join(dir, 'settings.json'), rendererDir, log: () => {} });
}
