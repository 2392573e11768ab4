import { z } from 'zod';
import { idSchema, latitudeSchema, longitudeSchema } from '../validation';
import { edit, query } from './method';
import type { GazetteerHit } from './types';

/**
 * The bundled basemap (a Basemap, GeoJSON) is not an API method: the renderer reads it as a file
 * at this path of its own origin (app://atlas, or the browser host), with an ETag, once a window.
 */
export const BASEMAP_URL = '/generated/basemap.json';

/** The map: a place's position, and the bundled gazetteer. */
export const mapMethods = {
  'places.move': edit()(z.object({ placeId: idSchema, latitude: latitudeSchema, longitude: longitudeSchema }).strict()),
  'gazetteer.search': query<GazetteerHit[]>()(
    z
      .object({
        query: z.string().max(100, { error: 'validation.queryTooLong' }),
        limit: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
  ),
  /** The gazetteer's place nearest a point (a pin placed on the map: its country), or null at sea. */
  'gazetteer.nearest': query<GazetteerHit | null>()(z.object({ latitude: latitudeSchema, longitude: longitudeSchema }).strict()),
} as const;
