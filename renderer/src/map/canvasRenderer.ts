import L from 'leaflet';

/** The parts of L.Renderer the canvas layers build on (Leaflet's own canvas and SVG renderers do the same). */
interface RendererInternals {
  _map: L.Map & { _animatingZoom?: boolean };
  _container: HTMLCanvasElement;
  _bounds: L.Bounds;
  _update(): void;
}

export interface CanvasLayerOptions extends L.RendererOptions {
  /**
   * Canvas pixels per CSS pixel: the device's ratio by default. The printed report asks for more,
   * so that what is drawn stays sharp on paper (a PDF keeps the canvas's bitmap as it is).
   */
  pixelRatio?: number;
}

/**
 * One canvas over the view and a margin, placed as Leaflet's canvas renderer places its own:
 * moved with the map while panning and scaled while zooming (by L.Renderer), drawn again when
 * the map comes to rest, at the device pixel ratio. A subclass draws in layer pixels: the
 * context is set up so that a layer point is where the map puts it.
 */
export abstract class CanvasLayer extends L.Renderer {
  protected readonly pixelRatio: number | undefined;
  /** The ratio the canvas was last sized for. */
  private ratio = 1;

  constructor(options: CanvasLayerOptions = {}) {
    const { pixelRatio, ...rendererOptions } = options;
    super(rendererOptions);
    this.pixelRatio = pixelRatio;
  }

  protected get internals(): RendererInternals {
    return this as unknown as RendererInternals;
  }

  /** The canvas's class name. */
  protected abstract readonly className: string;

  /** Draws everything; the context's origin is layer point (0, 0), `bounds` the canvas's area in layer points. */
  protected abstract draw(context: CanvasRenderingContext2D, bounds: L.Bounds, ratio: number): void;

  protected _initContainer(): void {
    const canvas = document.createElement('canvas');
    canvas.className = this.className;
    this.internals._container = canvas;
  }

  protected _destroyContainer(): void {
    this.internals._container.remove();
  }

  /** The map this layer is on, or null when it is not on one. */
  protected get map(): (L.Map & { _animatingZoom?: boolean }) | null {
    return this.internals._map ?? null;
  }

  protected _update(): void {
    const self = this.internals;
    const map = self._map;
    if (map._animatingZoom && self._bounds) return;
    (L.Renderer.prototype as unknown as RendererInternals)._update.call(this);
    const size = self._bounds.getSize();
    const ratio = this.pixelRatio ?? (window.devicePixelRatio || 1);
    this.ratio = ratio;
    const canvas = self._container;
    const [width, height] = [Math.round(size.x * ratio), Math.round(size.y * ratio)];
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    canvas.style.width = `${size.x}px`;
    canvas.style.height = `${size.y}px`;
    L.DomUtil.setPosition(canvas, self._bounds.min ?? L.point(0, 0));
    this.redraw();
  }

  /** Draws the canvas again where it is (after what it shows changed). */
  redraw(): void {
    const self = this.internals;
    if (!self._map || !self._bounds) return;
    const context = self._container.getContext('2d');
    if (!context) return;
    const ratio = this.ratio;
    const min = self._bounds.min ?? L.point(0, 0);
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, self._container.width, self._container.height);
    context.setTransform(ratio, 0, 0, ratio, -min.x * ratio, -min.y * ratio);
    this.draw(context, self._bounds, ratio);
  }
}
