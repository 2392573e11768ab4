/**
 * How a member's label is drawn on the map's canvas ("Herning · 1946 · 230"): in the UI's own
 * font (read from the page, so the canvas and the rest of the window match), with a name longer
 * than LABEL_NAME_MAX_WIDTH cut short with "…", and its width measured as it is drawn.
 */
export const LABEL_HEIGHT = 18;
/** Room on each side of the text, inside the label's background. */
export const LABEL_PADDING = 4;
/** The widest a name is drawn in a label; a longer one ends in "…". */
export const LABEL_NAME_MAX_WIDTH = 200;
const FALLBACK_FAMILY = 'system-ui, sans-serif';

let family: string | null = null;
/** The UI's font family (the page's root font), read once. */
export function uiFontFamily(): string {
  family ??= (typeof document !== 'undefined' && getComputedStyle(document.documentElement).fontFamily) || FALLBACK_FAMILY;
  return family;
}

/** `scale`: the labels drawn larger (the presentation, read from the back of a room); 1 in the window and the report. */
export const labelFont = (scale = 1) => `600 ${12 * scale}px ${uiFontFamily()}`;
/** A label's height at a scale. */
export const labelHeight = (scale = 1) => LABEL_HEIGHT * scale;
export const markFont = () => `700 12px ${uiFontFamily()}`;

/** A label in its two parts, as drawn: the name (perhaps cut short) and the rest, with their widths. */
export interface LabelText {
  name: string;
  rest: string;
  nameWidth: number;
  restWidth: number;
  /** The whole label's width, padding included. */
  width: number;
}

let measuring: CanvasRenderingContext2D | null = null;
// Measured once per label: a year-slider step or a zoom places every label again.
const measured = new Map<string, LabelText>();

/** `label` begins with `name` (memberLabel): the name is kept apart so that bidi text cannot reorder the year and count. */
export function labelText(label: string, name: string, scale = 1): LabelText {
  const key = `${scale}\u0000${name}\u0000${label}`;
  let text = measured.get(key);
  if (!text) {
    if (measured.size > 20_000) measured.clear();
    measured.set(key, (text = measureLabel(label, name, scale)));
  }
  return text;
}

function measureLabel(label: string, name: string, scale: number): LabelText {
  measuring ??= document.createElement('canvas').getContext('2d');
  const context = measuring;
  if (context) context.font = labelFont(scale);
  const measure = (part: string) => (context ? context.measureText(part).width : part.length * 7 * scale);
  const maxWidth = LABEL_NAME_MAX_WIDTH * scale;
  const whole = label.startsWith(name) ? name : '';
  const rest = label.slice(whole.length);
  let shown = whole;
  let nameWidth = measure(whole);
  if (nameWidth > maxWidth) {
    // The longest start of the name that fits with "…" (by characters, not halves of a pair).
    const chars = [...whole];
    let [low, high] = [0, chars.length];
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (measure(`${chars.slice(0, middle).join('')}…`) <= maxWidth) low = middle;
      else high = middle - 1;
    }
    shown = `${chars.slice(0, low).join('')}…`;
    nameWidth = measure(shown);
  }
  const restWidth = measure(rest);
  return { name: shown, rest, nameWidth, restWidth, width: Math.ceil(nameWidth + restWidth) + 2 * LABEL_PADDING * scale };
}
