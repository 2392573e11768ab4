import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Basemap } from '../../shared/contract';
import { ServiceError } from './context';
import { Gazetteer } from './gazetteer';

/** The bundled offline map data (resources/generated, made by `npm run build`), read on first use. */
export interface MapData {
  basemap(): Basemap;
  gazetteer(): Gazetteer;
}

function missing(path: string): ServiceError {
  return new ServiceError({ code: 'io', message: 'errors.mapDataMissing', detail: `${path} is missing: run "npm run build"` });
}

export function mapDataFrom(resourcesDir: string): MapData {
  const basemapPath = join(resourcesDir, 'generated', 'basemap.json');
  const gazetteerPath = join(resourcesDir, 'generated', 'gazetteer.tsv');
  let basemap: Basemap | null = null;
  let gazetteer: Gazetteer | null = null;
  return {
    basemap() {
      if (!basemap) {
        if (!existsSync(basemapPath)) throw missing(basemapPath);
        basemap = JSON.parse(readFileSync(basemapPath, 'utf8')) as Basemap;
      }
      return basemap;
    },
    gazetteer() {
      if (!gazetteer) {
        if (!existsSync(gazetteerPath)) throw missing(gazetteerPath);
        gazetteer = Gazetteer.load(gazetteerPath);
      }
      return gazetteer;
    },
  };
}
