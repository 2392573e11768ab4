import L from 'leaflet';
import type { Basemap } from '../../../shared/contract';
import { CanvasLayer, type CanvasLayerOptions } from './canvasRenderer';
import type { MapProjection } from './crs';

/** Land is filled without outline; coastlines and borders are lines without fill (as the GeoJSON layer drew them). */
const LAND_FILL = '#ece6d6';
const LINE_COLOR = '#8f8a7e';
const LINE_WIDTH = 0.7;
/** A point closer than this (in CSS pixels at the tile's zoom) to the last one drawn adds nothing visible. */
const TOLERANCE = 0.25;
const TILE_SIZE = 256;
/** Drawn tiles kept for when the view comes back to them (at the same zoom), by bitmap bytes. */
const CACHE_BYTES = 64 * 1024 * 1024;

/** One part of a feature (a polygon with its holes, or a line) in zoom-0 pixels (0..256), with its box. */
interface Part {
  rings: Float64Array[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface PreparedFeature {
  kind: 'land' | 'line';
  parts: Part[];
}

/** The basemap projected once, as the map projects (its CRS at zoom 0): a zoom's pixels are these × its scale. */
export function prepareBasemap(basemap: Basemap, projection: MapProjection): PreparedFeature[] {
  const project = (ring: number[][]): Part => {
    const points = new Float64Array(ring.length * 2);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    ring.forEach(([lng, lat], index) => {
      const [x, y] = projection.toZoomZero(lng!, lat!);
      points[index * 2] = x;
      points[index * 2 + 1] = y;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    });
    return { rings: [points], minX, minY, maxX, maxY };
  };
  const features = basemap.features.map((feature): PreparedFeature => {
    const geometry = feature.geometry;
    const parts =
      geometry.type === 'MultiPolygon'
        ? geometry.coordinates.map((polygon) => {
            const rings = polygon.map(project);
            // A polygon's box is its outer ring's; the holes are inside it.
            return { ...rings[0]!, rings: rings.map((ring) => ring.rings[0]!) };
          })
        : geometry.coordinates.map(project);
    return { kind: feature.properties.kind, parts };
  });
  // Land under the lines, as the features come in each group.
  return [...features.filter((feature) => feature.kind === 'land'), ...features.filter((feature) => feature.kind === 'line')];
}

/** Draws the features that cross one tile (its top-left at ox, oy in zoom pixels) on a context scaled to CSS pixels. */
export function drawTile(
  context: CanvasRenderingContext2D,
  features: readonly PreparedFeature[],
  zoomScale: number,
  ox: number,
  oy: number,
  size: number,
): number {
  // A line's half width beyond the tile's edge still shows in it.
  const margin = (LINE_WIDTH + 1) / zoomScale;
  const [left, top, right, bottom] = [
    ox / zoomScale - margin,
    oy / zoomScale - margin,
    (ox + size) / zoomScale + margin,
    (oy + size) / zoomScale + margin,
  ];
  let drawn = 0;
  context.lineJoin = 'round';
  context.lineCap = 'round';
  for (const feature of features) {
    let begun = false;
    for (const part of feature.parts) {
      if (part.maxX < left || part.minX > right || part.maxY < top || part.minY > bottom) continue;
      if (!begun) context.beginPath();
      begun = true;
      for (const ring of part.rings) {
        let lastX = ring[0]! * zoomScale - ox;
        let lastY = ring[1]! * zoomScale - oy;
        context.moveTo(lastX, lastY);
        const end = ring.length - 2;
        for (let index = 2; index <= end; index += 2) {
          const x = ring[index]! * zoomScale - ox;
          const y = ring[index + 1]! * zoomScale - oy;
          if (index < end && Math.abs(x - lastX) < TOLERANCE && Math.abs(y - lastY) < TOLERANCE) continue;
          context.lineTo(x, y);
          lastX = x;
          lastY = y;
          drawn += 1;
        }
        if (feature.kind === 'land') context.closePath();
      }
    }
    if (!begun) continue;
    if (feature.kind === 'land') {
      context.fillStyle = LAND_FILL;
      context.fill('evenodd');
    } else {
      context.strokeStyle = LINE_COLOR;
      context.lineWidth = LINE_WIDTH;
      context.stroke();
    }
  }
  return drawn;
}

/**
 * The basemap on one canvas, as Leaflet's canvas renderer places its canvas (over the view and a
 * margin, moved while panning, scaled while zooming), filled from tiles that are drawn once per
 * zoom level and kept: after a pan the canvas is filled again by copying the kept tiles (and
 * drawing only those not yet drawn), not by drawing 300,000 points of land again as the GeoJSON
 * layer did at every moveend. Tiles are drawn at the map's exact zoom (also a fractional one) and
 * the device pixel ratio, so nothing is scaled and every position is the map's own projection.
 */
export class BasemapLayer extends CanvasLayer {
  protected readonly className = 'basemap-canvas';
  private readonly features: PreparedFeature[];
  /** The box of all features at zoom 0: no tile outside it has land. */
  private readonly extent: { minX: number; minY: number; maxX: number; maxY: number };
  private readonly tiles = new Map<string, HTMLCanvasElement>();
  private tileBytes = 0;
  /** Tiles drawn (not copied) since the layer was made, for tests and measurements. */
  drawnTiles = 0;

  constructor(basemap: Basemap, projection: MapProjection, options: CanvasLayerOptions = {}) {
    super({ padding: 0.3, ...options });
    this.features = prepareBasemap(basemap, projection);
    const parts = this.features.flatMap((feature) => feature.parts);
    this.extent = {
      minX: Math.min(...parts.map((part) => part.minX)),
      minY: Math.min(...parts.map((part) => part.minY)),
      maxX: Math.max(...parts.map((part) => part.maxX)),
      maxY: Math.max(...parts.map((part) => part.maxY)),
    };
  }

  /** How many times a zoom's pixels are zoom 0's (2^zoom in both of the map's projections). */
  private zoomScale(zoom: number): number {
    const crs = this.map!.options.crs!;
    return crs.scale(zoom) / crs.scale(0);
  }

  protected override _destroyContainer(): void {
    super._destroyContainer();
    this.tiles.clear();
    this.tileBytes = 0;
  }

  protected draw(context: CanvasRenderingContext2D, bounds: L.Bounds, ratio: number): void {
    const map = this.map!;
    const size = bounds.getSize();
    const min = bounds.min ?? L.point(0, 0);
    // The canvas's top left in the zoom's world pixels (whole pixels: Leaflet rounds both).
    const zoom = map.getZoom();
    const origin = min.add(map.getPixelOrigin());
    const [firstX, firstY] = [Math.floor(origin.x / TILE_SIZE), Math.floor(origin.y / TILE_SIZE)];
    const [lastX, lastY] = [Math.floor((origin.x + size.x) / TILE_SIZE), Math.floor((origin.y + size.y) / TILE_SIZE)];
    for (let y = firstY; y <= lastY; y += 1) {
      for (let x = firstX; x <= lastX; x += 1) {
        const tile = this.tile(zoom, x, y, ratio);
        // Tile corners in layer points (the context's origin is layer point 0, 0).
        if (tile)
          context.drawImage(tile, x * TILE_SIZE - origin.x + min.x, y * TILE_SIZE - origin.y + min.y, TILE_SIZE, TILE_SIZE);
      }
    }
  }

  /** One tile of the zoom, drawn the first time it is needed; null where the world has no land. */
  private tile(zoom: number, x: number, y: number, ratio: number): HTMLCanvasElement | null {
    const scale = this.zoomScale(zoom);
    const { minX, minY, maxX, maxY } = this.extent;
    if ((x + 1) * TILE_SIZE < minX * scale || (y + 1) * TILE_SIZE < minY * scale) return null;
    if (x * TILE_SIZE > maxX * scale || y * TILE_SIZE > maxY * scale) return null;
    const key = `${zoom}/${x}/${y}/${ratio}`;
    const kept = this.tiles.get(key);
    if (kept) {
      // Most recently used last.
      this.tiles.delete(key);
      this.tiles.set(key, kept);
      return kept;
    }
    const tile = document.createElement('canvas');
    tile.width = Math.ceil(TILE_SIZE * ratio);
    tile.height = Math.ceil(TILE_SIZE * ratio);
    const context = tile.getContext('2d');
    if (!context) return null;
    context.scale(tile.width / TILE_SIZE, tile.height / TILE_SIZE);
    drawTile(context, this.features, scale, x * TILE_SIZE, y * TILE_SIZE, TILE_SIZE);
    this.drawnTiles += 1;
    this.tiles.set(key, tile);
    this.tileBytes += tile.width * tile.height * 4;
    for (const [oldKey, old] of this.tiles) {
      if (this.tileBytes <= CACHE_BYTES) break;
      this.tiles.delete(oldKey);
      this.tileBytes -= old.width * old.height * 4;
    }
    return tile;
  }
}
