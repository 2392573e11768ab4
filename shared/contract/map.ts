import { z } from 'zod';
import { idSchema, latitudeSchema, longitudeSchema } from '../validation';
import { edit, empty, query } from './method';
import type { Basemap, GazetteerHit } from './types';

/** The map: a place's position, and the bundled basemap and gazetteer. */
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
  'map.basemap': query<Basemap>()(empty),
} as const;
