/**
 * Prepares the offline basemap (resources/generated/basemap.json) from Natural Earth data on npm
 * (world-atlas 2.0.2): the Nordic region at 10m detail, which keeps Norway's fjords and the Faroe
 * Islands, Åland, Greenland and Iceland as their own features, and the rest of the world at 50m so
 * that partners such as Lich or Omaruru still sit on land. The world is cut to the disc that the
 * map's projection (EPSG:3035, shared/map/projection.ts) draws without tearing: about 120° of arc
 * around 52° N 10° E. Run by `npm run build`; skipped when the output is newer than this script.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeGenerated } from './generated-file';
import type { Feature, FeatureCollection, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { clipPolygon, clipPolyline } from 'lineclip';
import polygonClipping, { type MultiPolygon as ClipMultiPolygon } from 'polygon-clipping';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { NORDIC_BOUNDS } from '../shared/map/bounds';
import { fromNordic, NORDIC_PROJECTION, toNordic, withinBasemap } from '../shared/map/projection';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
export const BASEMAP_PATH = join(root, 'resources', 'generated', 'basemap.json');

type Ring = Position[];
type Box = [number, number, number, number];

/**
 * Rings that cross the antimeridian (Russia, Fiji, Antarctica) jump from −180 to +180 and would
 * draw stripes across the map. Unwrapped into continuous longitudes, then clipped against the box
 * and its copies 360° east and west, every piece lands where it belongs.
 */
function unwrap(ring: Ring): Ring {
  const out: Ring = [];
  let shift = 0;
  let previous: number | null = null;
  for (const [lon, lat] of ring) {
    if (previous !== null) {
      const step = lon! + shift - previous;
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    const shifted = lon! + shift;
    out.push([shifted, lat!]);
    previous = shifted;
  }
  return out;
}

function round(ring: Ring, digits: number): Ring {
  const factor = 10 ** digits;
  const out: Ring = [];
  for (const [lon, lat] of ring) {
    const point: Position = [Math.round(lon! * factor) / factor, Math.round(lat! * factor) / factor];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out;
}

function polygonsOf(geometry: Polygon | MultiPolygon): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Clips every ring to the box (Sutherland–Hodgman against a rectangle, via lineclip). */
function clipToBox(polygons: Ring[][], box: Box, digits: number): Ring[][] {
  const out: Ring[][] = [];
  for (const polygon of polygons) {
    for (const offset of [-360, 0, 360]) {
      const rings: Ring[] = [];
      polygon.forEach((ring, index) => {
        const moved = unwrap(ring).map(([lon, lat]) => [lon! + offset, lat!] as [number, number]);
        const clipped = round(clipPolygon(moved, box) as Ring, digits);
        if (clipped.length >= 4 || (clipped.length >= 3 && index > 0)) rings.push(closeRing(clipped));
        else if (index === 0) rings.length = 0;
      });
      if (rings.length > 0 && rings[0]!.length >= 4) out.push(rings);
    }
  }
  return out;
}

function closeRing(ring: Ring): Ring {
  const first = ring[0]!;
  const last = ring[ring.length - 1]!;
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
}

/** The basemap's disc (NORDIC_PROJECTION.basemapRadius) as a polygon in EPSG:3035 metres. */
function discPolygon(): ClipMultiPolygon {
  const [cx, cy] = NORDIC_PROJECTION.centre;
  const ring: [number, number][] = [];
  for (let step = 0; step <= 720; step += 1) {
    const angle = (step % 720) * (Math.PI / 360);
    ring.push([cx + NORDIC_PROJECTION.basemapRadius * Math.cos(angle), cy + NORDIC_PROJECTION.basemapRadius * Math.sin(angle)]);
  }
  return [[ring]];
}

/**
 * Keeps what of each polygon lies within the projection's disc: a polygon wholly inside as it
 * is, one that crosses the edge cut in EPSG:3035 (where the disc is round) and taken back to
 * longitude and latitude. Taken back, a longitude keeps to the side of ±180° its polygon was on.
 */
function clipToDisc(polygons: Ring[][], digits: number): Ring[][] {
  const disc = discPolygon();
  const out: Ring[][] = [];
  for (const polygon of polygons) {
    if (polygon.every((ring) => ring.every(([lon, lat]) => withinBasemap(lon!, lat!)))) {
      out.push(polygon);
      continue;
    }
    const longitudes = polygon[0]!.map(([lon]) => lon!);
    const middle = (Math.min(...longitudes) + Math.max(...longitudes)) / 2;
    const projected = polygon
      .map((ring) => ring.map(([lon, lat]) => toNordic(lon!, lat!)).filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y)))
      .filter((ring) => ring.length >= 4);
    if (projected.length === 0) continue;
    for (const piece of polygonClipping.intersection([projected] as unknown as ClipMultiPolygon, disc)) {
      const rings = piece
        .map((ring) =>
          round(
            ring.map(([x, y]) => {
              const [longitude, lat] = fromNordic(x, y);
              let lon = longitude;
              while (lon - middle > 180) lon -= 360;
              while (middle - lon > 180) lon += 360;
              return [Math.max(-180, Math.min(180, lon)), lat];
            }),
            digits,
          ),
        )
        .filter((ring) => ring.length >= 4);
      if (rings.length > 0) out.push(rings.map(closeRing));
    }
  }
  return out;
}

function topology(file: string): Topology {
  return JSON.parse(readFileSync(require.resolve(`world-atlas/${file}`), 'utf8')) as Topology;
}

function countries(source: Topology): Array<Feature<Polygon | MultiPolygon>> {
  const collection = feature(source, source.objects.countries as GeometryCollection) as FeatureCollection<Polygon | MultiPolygon>;
  return collection.features.filter((item) => item.geometry);
}

/**
 * Coastlines and borders as lines, each shared border once (the topology's mesh). The land is
 * filled without an outline, so the edges where the detailed region was cut out never show.
 */
function lines(source: Topology, box: Box, digits: number, keep: (segment: [Position, Position]) => boolean): Position[][] {
  const out: Position[][] = [];
  const all = mesh(source, source.objects.countries as GeometryCollection) as MultiLineString;
  for (const line of all.coordinates) {
    const unwrapped = unwrap(line);
    for (const offset of [-360, 0, 360]) {
      const moved = unwrapped.map(([lon, lat]) => [lon! + offset, lat!] as [number, number]);
      for (const piece of clipPolyline(moved, box)) {
        let current: Position[] = [];
        for (let index = 1; index < piece.length; index += 1) {
          const segment: [Position, Position] = [piece[index - 1]!, piece[index]!];
          if (keep(segment)) {
            if (current.length === 0) current.push(segment[0]);
            current.push(segment[1]);
          } else if (current.length > 0) {
            out.push(round(current, digits));
            current = [];
          }
        }
        if (current.length > 1) out.push(round(current, digits));
      }
    }
  }
  return out.filter((line) => line.length > 1);
}

/**
 * Drawn at 10m inside the Nordic box: the Nordic countries and areas and their near neighbours
 * (ISO 3166 numeric ids, as world-atlas names them). Everything else is drawn at 50m.
 */
const DETAILED = new Set(['752', '578', '208', '246', '352', '248', '234', '304', '276', '233', '428', '440', '616', '643']);

export function buildBasemap(): FeatureCollection<MultiPolygon | MultiLineString> {
  const nordicBox: Box = [NORDIC_BOUNDS.west, NORDIC_BOUNDS.south, NORDIC_BOUNDS.east, NORDIC_BOUNDS.north];
  const boxPolygon: ClipMultiPolygon = [
    [
      [
        [nordicBox[0], nordicBox[1]],
        [nordicBox[2], nordicBox[1]],
        [nordicBox[2], nordicBox[3]],
        [nordicBox[0], nordicBox[3]],
        [nordicBox[0], nordicBox[1]],
      ],
    ],
  ];
  const features: Array<Feature<MultiPolygon | MultiLineString>> = [];
  const world = topology('countries-50m.json');
  const detailed = topology('countries-10m.json');
  const inBox = ([lon, lat]: Position) =>
    lon! > nordicBox[0] && lon! < nordicBox[2] && lat! > nordicBox[1] && lat! < nordicBox[3];
  for (const country of countries(world)) {
    const id = String(country.id);
    let polygons = clipToDisc(clipToBox(polygonsOf(country.geometry), [-180, -90, 180, 90], 2), 2);
    // Where a country is drawn at 10m, its 50m shape covers only what lies outside the box.
    if (DETAILED.has(id))
      polygons = polygonClipping
        .difference(polygons as ClipMultiPolygon, boxPolygon)
        .map((polygon) => polygon.map((ring) => round(ring, 2)));
    if (polygons.length === 0) continue;
    features.push({
      type: 'Feature',
      id: `world-${id}`,
      properties: { kind: 'land', detail: '50m' },
      geometry: { type: 'MultiPolygon', coordinates: polygons },
    });
  }
  for (const country of countries(detailed)) {
    const id = String(country.id);
    if (!DETAILED.has(id)) continue;
    const inside = clipToBox(polygonsOf(country.geometry), nordicBox, 5);
    if (inside.length === 0) continue;
    features.push({
      type: 'Feature',
      id: `nordic-${id}`,
      properties: { kind: 'land', detail: '10m' },
      geometry: { type: 'MultiPolygon', coordinates: inside },
    });
  }
  // 50m lines outside the box (where a segment touches the box, the 10m lines take over) …
  features.push({
    type: 'Feature',
    id: 'world-lines',
    properties: { kind: 'line', detail: '50m' },
    geometry: {
      type: 'MultiLineString',
      coordinates: lines(
        world,
        [-180, -90, 180, 90],
        2,
        ([a, b]) => (!inBox(a) || !inBox(b)) && withinBasemap(a[0]!, a[1]!) && withinBasemap(b[0]!, b[1]!),
      ),
    },
  });
  // … and the 10m lines of the whole topology inside it.
  features.push({
    type: 'Feature',
    id: 'nordic-lines',
    properties: { kind: 'line', detail: '10m' },
    geometry: { type: 'MultiLineString', coordinates: lines(detailed, nordicBox, 5, () => true) },
  });
  return { type: 'FeatureCollection', features };
}

await writeGenerated(import.meta.url, 'basemap', BASEMAP_PATH, () => {
  const basemap = buildBasemap();
  return { text: JSON.stringify(basemap), summary: `${basemap.features.length} features` };
});
