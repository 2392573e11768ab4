import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixtures = join(root, 'tests', 'fixtures', 'environments');

/**
 * The diagnostics of one fixture type-checked with an environment's tsconfig (its lib and types).
 * With `asProjectFile`, the fixture is checked as one more file of the project, next to all of its
 * files (so it sees what they declare, such as the typed t() of shared/i18n/types.ts); only the
 * fixture's own diagnostics are returned then.
 */
function diagnostics(project: 'node' | 'web' | 'shared', fixture: string, { asProjectFile = false } = {}): string[] {
  const configPath = join(root, `tsconfig.${project}.json`);
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, undefined, configPath);
  const options = { ...parsed.options, composite: false, declaration: false, emitDeclarationOnly: false, noEmit: true };
  const fixturePath = join(fixtures, fixture);
  const rootNames = asProjectFile ? [...parsed.fileNames, fixturePath] : [fixturePath];
  const program = ts.createProgram({ rootNames, options });
  return ts
    .getPreEmitDiagnostics(program, asProjectFile ? program.getSourceFile(fixturePath) : undefined)
    .map(
      (diagnostic) =>
        `${diagnostic.file ? diagnostic.file.fileName.slice(root.length + 1) : ''}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`,
    );
}

describe('one tsconfig per environment', () => {
  it('a DOM global in a data-side file does not compile in the Node project', () => {
    expect(diagnostics('node', 'data-side-clean.ts')).toEqual([]);
    expect(diagnostics('node', 'data-side-uses-dom.ts').join('\n')).toMatch(
      /data-side-uses-dom\.ts: Cannot find name 'document'/,
    );
  });

  it('a Node import in the renderer does not compile in the web project', () => {
    expect(diagnostics('web', 'renderer-clean.tsx')).toEqual([]);
    expect(diagnostics('web', 'renderer-uses-node.tsx').join('\n')).toMatch(
      /renderer-uses-node\.tsx: Cannot find module 'node:fs'/,
    );
  });

  it('a translation key that does not exist does not compile in the web project', () => {
    expect(diagnostics('web', 'renderer-known-key.tsx', { asProjectFile: true })).toEqual([]);
    expect(diagnostics('web', 'renderer-unknown-key.tsx', { asProjectFile: true }).join('\n')).toMatch(
      /renderer-unknown-key\.tsx: Argument of type '\["no\.such\.key"\]' is not assignable/,
    );
  });

  it('shared/ compiles with neither Node nor the DOM', () => {
    expect(diagnostics('shared', 'shared-clean.ts')).toEqual([]);
    const found = diagnostics('shared', 'shared-uses-node.ts').join('\n');
    expect(found).toMatch(/Cannot find name 'process'/);
    expect(found).toMatch(/Cannot find name 'window'/);
  });
});
