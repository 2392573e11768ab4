declare module 'lineclip' {
  type Point = [number, number] | number[];
  export function clipPolygon(points: Point[], bbox: [number, number, number, number]): number[][];
  export function clipPolyline(points: Point[], bbox: [number, number, number, number], result?: number[][][]): number[][][];
}
