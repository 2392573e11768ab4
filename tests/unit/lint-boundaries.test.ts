// Each case lints a text as if it were an existing file of that layer (the type-aware parser needs a file its tsconfig knows).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: root });

/** The boundary messages the project's lint config reports for a file at that path with that text. */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

describe('lint keeps the layers apart', () => {
  it('the renderer imports neither electron/ nor Node built-ins', async () => {
    const path = 'renderer/src/members/MembersTable.tsx';
    expect(await boundaryErrors(path, `import { call } from '../api/client';\nexport const x = call;\n`)).toEqual([]);
    expect(
      await boundaryErrors(path, `import { createRouter } from '../../../electron/router';\nexport const x = createRouter;\n`),
    ).toEqual([expect.stringContaining('only through renderer/src/api/client.ts')]);
    expect(await boundaryErrors(path, `import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`)).toHaveLength(
      1,
    );
    expect(await boundaryErrors(path, `import { join } from 'path';\nexport const x = join;\n`)).toHaveLength(1);
    expect(await boundaryErrors(path, `import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n`)).toHaveLength(
      1,
    );
  });

  it('shared/ imports only from shared/', async () => {
    expect(
      await boundaryErrors('shared/map/labels.ts', `import { foldName } from '../text/fold';\nexport const x = foldName;\n`),
    ).toEqual([]);
    expect(await boundaryErrors('shared/contract.ts', `import { z } from 'zod';\nexport const x = z;\n`)).toEqual([]);
    for (const [path, code] of [
      ['shared/map/labels.ts', `import { call } from '../../renderer/src/api/client';\nexport const x = call;\n`],
      ['shared/map/labels.ts', `import { createRouter } from '../../electron/router';\nexport const x = createRouter;\n`],
      ['shared/contract.ts', `import { createRouter } from '../electron/router';\nexport const x = createRouter;\n`],
      ['shared/contract.ts', `import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n`],
      ['shared/contract.ts', `import { useState } from 'react';\nexport const x = useState;\n`],
    ] as const) {
      expect(await boundaryErrors(path, code), `${path}: ${code}`).not.toEqual([]);
    }
  });

  it('the data side never imports electron; the shell does', async () => {
    const code = `import { app } from 'electron';\nexport const x = app;\n`;
    for (const path of [
      'electron/router.ts',
      'electron/document-session.ts',
      'electron/settings.ts',
      'electron/db/open.ts',
      'electron/services/chains.ts',
      'electron/transport/web-host.ts',
      'electron/transport/static-files.ts',
    ]) {
      expect(await boundaryErrors(path, code), path).toEqual([expect.stringContaining('Only the desktop shell')]);
    }
    expect(await boundaryErrors('electron/menu.ts', code)).toEqual([]);
    expect(await boundaryErrors('electron/file-actions.ts', code)).toEqual([]);
    expect(await boundaryErrors('electron/transport/ipc.ts', code)).toEqual([]);
  });
});
