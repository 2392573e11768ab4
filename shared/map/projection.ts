import proj4 from 'proj4';

/**
 * The offline map's projection: ETRS89 Lambert azimuthal equal-area, EPSG:3035, the grid the EU
 * and the Nordic statistics offices publish on. Equal-area, so Greenland, Iceland, Svalbard, the
 * Faroes, Åland and Schleswig are drawn at their true relative size (Greenland about 4.8 times
 * Sweden; Web Mercator draws it more than 10 times), and azimuthal around 52° N 10° E, so Lich
 * and Omaruru are still on the map. The definition is EPSG's, as epsg.io gives it for proj4.
 */
export const NORDIC_PROJECTION = {
  code: 'EPSG:3035',
  definition:
    '+proj=laea +lat_0=52 +lon_0=10 +x_0=4321000 +y_0=3210000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs +type=crs',
  /** The projection's centre, in its own metres (x_0, y_0). */
  centre: [4_321_000, 3_210_000] as const,
  /**
   * How far from the centre (in the projection's metres) the basemap is kept: about 120° of arc.
   * Beyond it the land shrinks into a ring around the antipode (off New Zealand); Australia, New
   * Zealand, Antarctica and Tierra del Fuego are left out. Members there are still drawn.
   */
  basemapRadius: 11_000_000,
  /**
   * Metres per CSS pixel at zoom 0, so that a zoom level shows the Nordic region at about the
   * scale Web Mercator shows it at 60° N: the zoom numbers (the fit's limit, the groups' zooms)
   * mean the same in both.
   */
  zoomZeroResolution: (2 * Math.PI * 6_378_137 * Math.cos((60 * Math.PI) / 180)) / 256,
} as const;

proj4.defs(NORDIC_PROJECTION.code, NORDIC_PROJECTION.definition);

/** proj4's transform from longitude/latitude (WGS 84) to EPSG:3035 metres and back. */
export const nordicTransform = proj4('EPSG:4326', NORDIC_PROJECTION.code);

/** Longitude and latitude to EPSG:3035 [x, y] in metres. */
export function toNordic(longitude: number, latitude: number): [number, number] {
  return nordicTransform.forward([longitude, latitude]) as [number, number];
}

/** EPSG:3035 metres to [longitude, latitude]. */
export function fromNordic(x: number, y: number): [number, number] {
  return nordicTransform.inverse([x, y]) as [number, number];
}

/** Whether a point lies within the basemap's disc around the projection's centre. */
export function withinBasemap(longitude: number, latitude: number): boolean {
  const [x, y] = toNordic(longitude, latitude);
  return Math.hypot(x - NORDIC_PROJECTION.centre[0], y - NORDIC_PROJECTION.centre[1]) <= NORDIC_PROJECTION.basemapRadius;
}
