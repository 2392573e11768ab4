import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { Basemap } from '../../../shared/contract';
import { BasemapLayer } from './basemapLayer';
import type { MapProjection } from './crs';

/** The offline basemap on the map, in its pane, as tiles drawn once per zoom level (basemapLayer.ts). */
export function BasemapTiles({
  basemap,
  projection,
  pane,
  attribution,
  pixelRatio,
}: {
  basemap: Basemap;
  /** The map's projection (the basemap is projected once for it). */
  projection: MapProjection;
  pane: string;
  attribution: string;
  /** Canvas pixels per CSS pixel, where not the device's (the printed report). */
  pixelRatio?: number;
}) {
  const map = useMap();
  useEffect(() => {
    const layer = new BasemapLayer(basemap, projection, { pane, attribution, pixelRatio }).addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, basemap, projection, pane, attribution, pixelRatio]);
  return null;
}
