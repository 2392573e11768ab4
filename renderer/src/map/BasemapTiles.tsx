import { useEffect } from 'react';
import { useMap } from 'react-leaflet';
import type { Basemap } from '../../../shared/contract';
import { BasemapLayer } from './basemapLayer';

/** The offline basemap on the map, in its pane, as tiles drawn once per zoom level (basemapLayer.ts). */
export function BasemapTiles({ basemap, pane, attribution }: { basemap: Basemap; pane: string; attribution: string }) {
  const map = useMap();
  useEffect(() => {
    const layer = new BasemapLayer(basemap, { pane, attribution }).addTo(map);
    return () => {
      layer.remove();
    };
  }, [map, basemap, pane, attribution]);
  return null;
}
