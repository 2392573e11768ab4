import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ServiceError } from './context';
import { Gazetteer } from './gazetteer';

/**
 * The bundled offline map data (resources/generated, made by `npm run build`), read on first use.
 * The basemap is not here: the renderer reads it as a file (BASEMAP_URL, static-files.ts).
 */
export interface MapData {
  gazetteer(): Gazetteer;
}

function missing(path: string): ServiceError {
  return new ServiceError({ code: 'io', message: 'errors.mapDataMissing', detail: `${path} is missing: run "npm run build"` });
}

/**
 * SQLite opens files itself, not through Electron's fs, so it cannot read inside app.asar: the
 * packaged gazetteer is unpacked beside it (electron-builder.yml, asarUnpack).
 */
export function unpackedPath(path: string): string {
  return path.replace(`${sep}app.asar${sep}`, `${sep}app.asar.unpacked${sep}`);
}

export function mapDataFrom(resourcesDir: string, options: { nativeBinding?: string } = {}): MapData {
  const gazetteerPath = unpackedPath(join(resourcesDir, 'generated', 'gazetteer.sqlite'));
  let gazetteer: Gazetteer | null = null;
  return {
    gazetteer() {
      if (!gazetteer) {
        if (!existsSync(gazetteerPath)) throw missing(gazetteerPath);
        // Opened read-only once per process (the data worker, a CLI), queried at each call.
        gazetteer = Gazetteer.open(gazetteerPath, options);
      }
      return gazetteer;
    },
  };
}
