import { useQuery } from '@tanstack/react-query';
import { BASEMAP_URL, type Basemap } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';

/**
 * The bundled basemap, read as a file of the page's own origin (app://atlas or the browser host;
 * the CSP's connect-src 'self'), not through the API: 5 MB of GeoJSON once per window, kept for
 * as long as the window is open (no edit touches it), revalidated by its ETag on a reload.
 */
export async function fetchBasemap(url: string = BASEMAP_URL): Promise<Result<Basemap>> {
  try {
    const response = await fetch(url);
    if (response.status === 404) {
      return fail({ code: 'io', message: 'errors.mapDataMissing', detail: `${url} is missing: run "npm run build"` });
    }
    if (!response.ok) return fail({ code: 'io', message: 'errors.basemapUnreadable', detail: `${url}: HTTP ${response.status}` });
    const basemap = (await response.json()) as Basemap;
    if (basemap?.type !== 'FeatureCollection' || !Array.isArray(basemap.features)) {
      return fail({ code: 'io', message: 'errors.basemapUnreadable', detail: `${url} is not a FeatureCollection` });
    }
    return ok(basemap);
  } catch (error) {
    return fail({ code: 'io', message: 'errors.basemapUnreadable', detail: `${url}: ${String(error)}` });
  }
}

/** The basemap's answer: like an API query's, a refusal is an answer, so the query never throws. */
export function useBasemap() {
  return useQuery({ queryKey: ['basemap-file'], queryFn: () => fetchBasemap(), staleTime: Infinity, gcTime: Infinity });
}
