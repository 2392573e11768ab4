import L from 'leaflet';

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

/**
 * A member's symbol and label as a Leaflet divIcon. The element is built with DOM calls and the
 * label set with textContent, so a name such as <img src=x onerror=alert(1)> stays text.
 */
export function memberIcon(options: MemberIconOptions): L.DivIcon {
  const { radius, colour, unknownCount, selected } = options;
  const size = Math.ceil(radius * 2 + 4);
  const root = document.createElement('div');
  root.className = `member-symbol${selected ? ' selected' : ''}${unknownCount ? ' unknown' : ''}`;
  for (const [key, value] of Object.entries(options.data)) root.dataset[key] = value;

  const svgNs = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  const circle = document.createElementNS(svgNs, 'circle');
  circle.setAttribute('cx', String(size / 2));
  circle.setAttribute('cy', String(size / 2));
  circle.setAttribute('r', String(radius));
  if (unknownCount) {
    circle.setAttribute('fill', '#ffffff');
    circle.setAttribute('fill-opacity', '0.85');
    circle.setAttribute('stroke', colour);
    circle.setAttribute('stroke-width', '2.5');
    circle.setAttribute('stroke-dasharray', '3 2');
  } else {
    circle.setAttribute('fill', colour);
    circle.setAttribute('fill-opacity', '0.82');
    circle.setAttribute('stroke', '#ffffff');
    circle.setAttribute('stroke-width', '1.5');
  }
  svg.append(circle);
  if (unknownCount) {
    const mark = document.createElementNS(svgNs, 'text');
    mark.setAttribute('x', String(size / 2));
    mark.setAttribute('y', String(size / 2));
    mark.setAttribute('text-anchor', 'middle');
    mark.setAttribute('dominant-baseline', 'central');
    mark.setAttribute('class', 'unknown-mark');
    mark.textContent = '?';
    svg.append(mark);
  }
  root.append(svg);

  // A label set apart from its symbol gets a thin line back to it, so it is clear whose it is.
  const { dx, dy } = options.labelOffset;
  const nearestX = Math.max(dx, Math.min(0, dx + options.labelWidth));
  const nearestY = Math.max(dy, Math.min(0, dy + options.labelHeight));
  const distance = Math.hypot(nearestX, nearestY);
  if (distance > radius + 8) {
    const leader = document.createElementNS(svgNs, 'svg');
    leader.setAttribute('class', 'label-leader');
    leader.setAttribute('aria-hidden', 'true');
    leader.setAttribute('width', '1');
    leader.setAttribute('height', '1');
    leader.style.left = `${size / 2}px`;
    leader.style.top = `${size / 2}px`;
    const line = document.createElementNS(svgNs, 'line');
    line.setAttribute('x1', String((nearestX / distance) * radius));
    line.setAttribute('y1', String((nearestY / distance) * radius));
    line.setAttribute('x2', String(nearestX));
    line.setAttribute('y2', String(nearestY));
    leader.append(line);
    root.append(leader);
  }

  const label = document.createElement('span');
  label.className = 'member-label';
  if (options.labelName && options.label.startsWith(options.labelName)) {
    // A right-to-left name does not reorder the year and count after it; a long one ends in "…".
    const name = document.createElement('span');
    name.className = 'member-label-name';
    name.textContent = options.labelName;
    label.append(name, options.label.slice(options.labelName.length));
  } else {
    label.textContent = options.label;
  }
  label.style.left = `${size / 2 + options.labelOffset.dx}px`;
  label.style.top = `${size / 2 + options.labelOffset.dy}px`;
  root.append(label);

  return L.divIcon({ html: root, className: 'member-marker', iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
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
