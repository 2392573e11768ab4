/** The region the basemap draws at full (10m) detail: Greenland to Finland, Schleswig to Svalbard. */
export const NORDIC_BOUNDS = { west: -75, south: 50, east: 45, north: 84 } as const;

/** Member countries and areas of the Nordic region, first in gazetteer search. */
export const NORDIC_COUNTRY_CODES = new Set(['SE', 'DK', 'NO', 'FI', 'IS', 'AX', 'FO', 'GL']);
