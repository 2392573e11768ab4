import L from 'leaflet';
import 'proj4leaflet';
import { NORDIC_PROJECTION, nordicTransform } from '../../../shared/map/projection';

/** The map's two projections: the Nordic one (offline, the default) and Web Mercator (for OpenStreetMap's tiles). */
export type MapProjectionName = 'nordic' | 'mercator';

export interface MapProjection {
  name: MapProjectionName;
  crs: L.CRS;
  /** Longitude and latitude to the CRS's pixels at zoom 0 (a zoom's pixels are these × crs.scale(zoom) / crs.scale(0)). */
  toZoomZero(longitude: number, latitude: number): [number, number];
}

const [CENTRE_X, CENTRE_Y] = NORDIC_PROJECTION.centre;
const RESOLUTION = NORDIC_PROJECTION.zoomZeroResolution;
/** Inside the projection's rim (twice the earth's radius, where the antipode is drawn). */
const UNPROJECT_LIMIT = NORDIC_PROJECTION.basemapRadius * 1.15;

/**
 * EPSG:3035 as a Leaflet CRS through Proj4Leaflet. Its origin is the projection's centre. Two
 * things are changed from Proj4Leaflet's own:
 * - Zooms are powers of two (Web Mercator's way), also between whole zooms, where Proj4Leaflet
 *   interpolates the scale linearly. The basemap's tiles are drawn at any fractional zoom.
 * - A point beyond the rim (the map dragged far out past New Zealand's antipode) is taken back
 *   to the rim's inside before it is unprojected. proj4 gives NaN there, and Leaflet throws on a
 *   NaN centre.
 */
function nordicCrs(): L.CRS {
  const crs = new L.Proj.CRS(nordicTransform, {
    origin: [CENTRE_X, CENTRE_Y],
    resolutions: Array.from({ length: 21 }, (_, zoom) => RESOLUTION / 2 ** zoom),
  });
  crs.code = NORDIC_PROJECTION.code;
  crs.scale = (zoom: number) => 2 ** zoom / RESOLUTION;
  crs.zoom = (scale: number) => Math.log2(scale * RESOLUTION);
  crs.distance = L.CRS.Earth.distance.bind(L.CRS.Earth);
  const unproject = crs.projection.unproject.bind(crs.projection);
  crs.projection.unproject = (point: L.Point) => {
    const [dx, dy] = [point.x - CENTRE_X, point.y - CENTRE_Y];
    const distance = Math.hypot(dx, dy);
    if (distance <= UNPROJECT_LIMIT) return unproject(point);
    const inside = UNPROJECT_LIMIT / distance;
    return unproject(L.point(CENTRE_X + dx * inside, CENTRE_Y + dy * inside));
  };
  return crs as unknown as L.CRS;
}

let nordic: MapProjection | null = null;
let mercator: MapProjection | null = null;

/** The projection called `name`, made once per window (a CRS is compared by identity by Leaflet's layers). */
export function mapProjection(name: MapProjectionName): MapProjection {
  if (name === 'nordic') {
    nordic ??= {
      name,
      crs: nordicCrs(),
      // As the CRS: its transformation (1, −x0, −1, y0) at zoom 0's scale, without a Point per vertex.
      toZoomZero: (longitude, latitude) => {
        const [x, y] = nordicTransform.forward([longitude, latitude]);
        return [(x! - CENTRE_X) / RESOLUTION, (CENTRE_Y - y!) / RESOLUTION];
      },
    };
    return nordic;
  }
  mercator ??= {
    name,
    crs: L.CRS.EPSG3857,
    toZoomZero: (longitude, latitude) => {
      const { x, y } = L.CRS.EPSG3857.latLngToPoint(L.latLng(latitude, longitude), 0);
      return [x, y];
    },
  };
  return mercator;
}
