import { z } from 'zod';
import { idSchema, latitudeSchema, longitudeSchema } from '../validation';
import { empty, method } from './method';
import type { Basemap, GazetteerHit, UndoState } from './types';

/** The map: a place's position, and the bundled basemap and gazetteer. */
export const mapMethods = {
  'places.move': method<UndoState>()(
    z.object({ placeId: idSchema, latitude: latitudeSchema, longitude: longitudeSchema }).strict(),
  ),
  'gazetteer.search': method<GazetteerHit[]>()(
    z
      .object({
        query: z.string().max(100, { error: 'validation.queryTooLong' }),
        limit: z.number().int().min(1).max(50).optional(),
      })
      .strict(),
  ),
  'map.basemap': method<Basemap>()(empty),
} as const;
