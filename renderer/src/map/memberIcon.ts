export interface MemberIconOptions {
  label: string;
  /** The name the label begins with: isolated for bidi and cut short with an ellipsis when long. */
  labelName?: string;
  radius: number;
  colour: string;
  unknownCount: boolean;
  selected: boolean;
  labelOffset: { dx: number; dy: number };
  labelWidth: number;
  labelHeight: number;
  data: Record<string, string>;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The pixel size of a symbol's square element (the circle and its outline). */
export const symbolSize = (radius: number) => Math.ceil(radius * 2 + 4);

/**
 * A member's symbol and label as DOM elements that are kept and patched: a year-slider step, a
 * count changed or a label moved after a pan changes attributes and text of the elements already
 * in the page (only what differs), rather than building new ones, which made the browser lay out
 * every marker again. The elements are built with DOM calls and the label set with textContent,
 * so a name such as <img src=x onerror=alert(1)> stays text.
 */
export class MemberElement {
  readonly root = document.createElement('div');
  private readonly svg = document.createElementNS(SVG_NS, 'svg');
  private readonly circle = document.createElementNS(SVG_NS, 'circle');
  private mark: SVGTextElement | null = null;
  private leader: SVGSVGElement | null = null;
  private leaderLine: SVGLineElement | null = null;
  private readonly label = document.createElement('span');
  private labelName: HTMLSpanElement | null = null;
  private labelRest: Text | null = null;
  private shown: MemberIconOptions | null = null;
  /** The label's left and top, and the leader line's ends, as last set. */
  private placedAt = '';
  /** Left out for want of room (see labels.ts hideOverlapping). */
  private labelHidden = false;

  constructor(options: MemberIconOptions) {
    this.svg.setAttribute('aria-hidden', 'true');
    this.svg.append(this.circle);
    this.root.append(this.svg);
    this.label.className = 'member-label';
    this.root.append(this.label);
    this.update(options);
  }

  /** Where the label is, from the symbol's centre. */
  get offset(): { dx: number; dy: number } {
    return this.shown!.labelOffset;
  }

  get size(): number {
    return symbolSize(this.shown!.radius);
  }

  /** Brings the elements to `options`, touching only what changed. */
  update(options: MemberIconOptions): void {
    const before = this.shown;
    const { radius, colour, unknownCount, selected } = options;
    const size = symbolSize(radius);
    // Compared with what was set (reading the elements back is slower than the strings).
    if (!before || before.selected !== selected || before.unknownCount !== unknownCount) {
      this.root.className = `member-symbol${selected ? ' selected' : ''}${unknownCount ? ' unknown' : ''}`;
    }
    for (const [key, value] of Object.entries(options.data)) if (before?.data[key] !== value) this.root.dataset[key] = value;
    if (before) for (const key of Object.keys(before.data)) if (!(key in options.data)) delete this.root.dataset[key];

    if (!before || before.radius !== radius || before.colour !== colour || before.unknownCount !== unknownCount) {
      const { svg, circle } = this;
      svg.setAttribute('width', String(size));
      svg.setAttribute('height', String(size));
      circle.setAttribute('cx', String(size / 2));
      circle.setAttribute('cy', String(size / 2));
      circle.setAttribute('r', String(radius));
      if (unknownCount) {
        circle.setAttribute('fill', '#ffffff');
        circle.setAttribute('fill-opacity', '0.85');
        circle.setAttribute('stroke', colour);
        circle.setAttribute('stroke-width', '2.5');
        circle.setAttribute('stroke-dasharray', '3 2');
        this.mark ??= document.createElementNS(SVG_NS, 'text');
        const mark = this.mark;
        mark.setAttribute('x', String(size / 2));
        mark.setAttribute('y', String(size / 2));
        mark.setAttribute('text-anchor', 'middle');
        mark.setAttribute('dominant-baseline', 'central');
        mark.setAttribute('class', 'unknown-mark');
        mark.textContent = '?';
        if (mark.parentNode !== svg) svg.append(mark);
      } else {
        circle.setAttribute('fill', colour);
        circle.setAttribute('fill-opacity', '0.82');
        circle.setAttribute('stroke', '#ffffff');
        circle.setAttribute('stroke-width', '1.5');
        circle.removeAttribute('stroke-dasharray');
        this.mark?.remove();
      }
    }

    if (!before || before.label !== options.label || before.labelName !== options.labelName) {
      const { label } = this;
      if (options.labelName && options.label.startsWith(options.labelName)) {
        // A right-to-left name does not reorder the year and count after it; a long one ends in "…".
        const rest = options.label.slice(options.labelName.length);
        if (this.labelName && this.labelRest && this.labelName.parentNode === label) {
          if (this.labelName.textContent !== options.labelName) this.labelName.textContent = options.labelName;
          if (this.labelRest.data !== rest) this.labelRest.data = rest;
        } else {
          this.labelName = document.createElement('span');
          this.labelName.className = 'member-label-name';
          this.labelName.textContent = options.labelName;
          this.labelRest = document.createTextNode(rest);
          label.replaceChildren(this.labelName, this.labelRest);
        }
      } else {
        this.labelName = null;
        this.labelRest = null;
        label.textContent = options.label;
      }
    }
    this.shown = options;
    this.place(options.labelOffset, options.labelWidth, options.labelHeight);
  }

  /**
   * Moves the label to `offset` from the symbol's centre (and its leader line, if set apart), or
   * leaves it out (`hidden`: no room for it now).
   */
  place(
    offset: { dx: number; dy: number },
    width = this.shown!.labelWidth,
    height = this.shown!.labelHeight,
    hidden = this.labelHidden,
  ): void {
    const options = this.shown!;
    options.labelOffset = offset;
    options.labelWidth = width;
    options.labelHeight = height;
    const { radius } = options;
    const at = `${radius} ${offset.dx} ${offset.dy} ${width} ${height} ${hidden}`;
    if (at === this.placedAt) return;
    this.placedAt = at;
    if (hidden !== this.labelHidden) {
      this.labelHidden = hidden;
      this.label.hidden = hidden;
      if (hidden) this.root.dataset.labelHidden = 'true';
      else delete this.root.dataset.labelHidden;
    }
    if (hidden) {
      this.leader?.remove();
      return;
    }
    const size = symbolSize(radius);
    this.label.style.left = `${size / 2 + offset.dx}px`;
    this.label.style.top = `${size / 2 + offset.dy}px`;

    // A label set apart from its symbol gets a thin line back to it, so it is clear whose it is.
    const { dx, dy } = offset;
    const nearestX = Math.max(dx, Math.min(0, dx + width));
    const nearestY = Math.max(dy, Math.min(0, dy + height));
    const distance = Math.hypot(nearestX, nearestY);
    if (distance > radius + 8) {
      if (!this.leader || !this.leaderLine) {
        const leader = document.createElementNS(SVG_NS, 'svg');
        leader.setAttribute('class', 'label-leader');
        leader.setAttribute('aria-hidden', 'true');
        leader.setAttribute('width', '1');
        leader.setAttribute('height', '1');
        this.leaderLine = document.createElementNS(SVG_NS, 'line');
        leader.append(this.leaderLine);
        this.leader = leader;
      }
      this.leader.style.left = `${size / 2}px`;
      this.leader.style.top = `${size / 2}px`;
      const line = this.leaderLine;
      line.setAttribute('x1', String((nearestX / distance) * radius));
      line.setAttribute('y1', String((nearestY / distance) * radius));
      line.setAttribute('x2', String(nearestX));
      line.setAttribute('y2', String(nearestY));
      // Before the label, as when built new.
      if (this.leader.parentNode !== this.root) this.root.insertBefore(this.leader, this.label);
    } else {
      this.leader?.remove();
    }
  }
}

const LABEL_FONT = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const LABEL_PADDING = 8;
let measuringContext: CanvasRenderingContext2D | null = null;

/** The widest a name is drawn in a label (see styles.css .member-label-name); longer ends in "…". */
export const LABEL_NAME_MAX_WIDTH = 200;

// Widths measured, by name and label: a year-slider step or a pan places every label again, and
// measuring text (with the font set each time) was a large part of that with hundreds of members.
// The label font is a system font, so a width measured once stays right.
const measuredWidths = new Map<string, number>();

/** The label's width in pixels, as drawn with the label style (see styles.css .member-label). */
export function labelWidth(text: string, name?: string): number {
  const key = `${name ?? ''}\u0000${text}`;
  let width = measuredWidths.get(key);
  if (width === undefined) {
    if (measuredWidths.size > 20_000) measuredWidths.clear();
    measuredWidths.set(key, (width = measureLabel(text, name)));
  }
  return width;
}

function measureLabel(text: string, name?: string): number {
  measuringContext ??= document.createElement('canvas').getContext('2d');
  const context = measuringContext;
  if (context) context.font = LABEL_FONT;
  const measure = (part: string) => (context ? context.measureText(part).width : part.length * 7);
  const nameWidth = name && text.startsWith(name) ? measure(name) : 0;
  return Math.ceil(measure(text) - nameWidth + Math.min(nameWidth, LABEL_NAME_MAX_WIDTH)) + LABEL_PADDING;
}

export const LABEL_HEIGHT = 18;
