import type { Page } from 'playwright-core';

/** A member as the map's canvas drew it, read from the map's member list (MemberList showLayout), in page pixels. */
export interface DrawnMember {
  name: string;
  lat: number;
  lon: number;
  /** '' when not reported. */
  count: string;
  drawn: 'symbol' | 'group';
  /** The symbol's centre and radius; for a member drawn as one of a group, NaN. */
  x: number;
  y: number;
  radius: number;
  /** The label's box; null when left out for want of room (or drawn as one of a group). */
  label: { left: number; top: number; right: number; bottom: number } | null;
  labelText: string | null;
  notReported: boolean;
  ring: 'focus' | 'moving' | null;
}

const LIST = '[data-testid="map-member-list"]';

/** Waits until the map has drawn a member on its own (its symbol and label on the canvas). */
export async function waitForSymbols(page: Page, root = ''): Promise<void> {
  await page.locator(`${root} ${LIST} li[data-drawn="symbol"]`.trim()).first().waitFor({ state: 'attached' });
}

/** Every member of the map (of the map under `root`, a CSS selector, when there are two). */
export function drawnMembers(page: Page, root = ''): Promise<DrawnMember[]> {
  return page.locator(`${root} ${LIST}`.trim()).evaluate((list) => {
    const map = list.closest('figure')!.querySelector('.leaflet-container')!.getBoundingClientRect();
    return [...list.querySelectorAll<HTMLElement>('li')].map((option) => {
      const data = option.dataset;
      const [x, y, radius] = (data.symbol ?? 'NaN NaN NaN').split(' ').map(Number) as [number, number, number];
      const box = data.label && data.label !== 'hidden' ? data.label.split(' ').map(Number) : null;
      return {
        name: data.member!,
        lat: Number(data.lat),
        lon: Number(data.lon),
        count: data.count ?? '',
        drawn: data.drawn === 'symbol' ? 'symbol' : 'group',
        x: map.left + x,
        y: map.top + y,
        radius,
        label: box && {
          left: map.left + box[0]!,
          top: map.top + box[1]!,
          right: map.left + box[0]! + box[2]!,
          bottom: map.top + box[1]! + box[3]!,
        },
        labelText: data.labelText ?? null,
        notReported: data.symbolKind === 'not-reported',
        ring: data.ring === 'focus' || data.ring === 'moving' ? data.ring : null,
      } satisfies DrawnMember;
    });
  });
}

/** The member called `name`, as drawn; throws when the map has no such member. */
export async function drawnMember(page: Page, name: string, root = ''): Promise<DrawnMember> {
  const found = (await drawnMembers(page, root)).find((member) => member.name === name);
  if (!found) throw new Error(`no member ${name} on the map`);
  return found;
}

/** How many members are drawn on their own. */
export const symbolCount = async (page: Page, root = ''): Promise<number> =>
  page.locator(`${root} ${LIST} li[data-drawn="symbol"]`.trim()).count();

/**
 * The opacity (0–255) of the members' canvas at a point of the page: what was really drawn there,
 * to tell the layout the layer reports from pixels on the screen.
 */
export function canvasAlpha(page: Page, x: number, y: number, root = '', canvasClass = 'members-canvas'): Promise<number> {
  return page.locator(`${root} canvas.${canvasClass}`.trim()).evaluate(
    (canvas, [x, y]) => {
      const element = canvas as HTMLCanvasElement;
      const box = element.getBoundingClientRect();
      const scale = element.width / box.width;
      const context = element.getContext('2d')!;
      return context.getImageData(Math.floor((x! - box.left) * scale), Math.floor((y! - box.top) * scale), 1, 1).data[3]!;
    },
    [x, y],
  );
}

/** The colour [r, g, b, a] of the members' canvas at a point of the page. */
export function canvasPixel(page: Page, x: number, y: number, root = ''): Promise<[number, number, number, number]> {
  return page.locator(`${root} canvas.members-canvas`.trim()).evaluate(
    (canvas, [x, y]) => {
      const element = canvas as HTMLCanvasElement;
      const box = element.getBoundingClientRect();
      const scale = element.width / box.width;
      const data = element
        .getContext('2d')!
        .getImageData(Math.floor((x! - box.left) * scale), Math.floor((y! - box.top) * scale), 1, 1).data;
      return [data[0]!, data[1]!, data[2]!, data[3]!] as [number, number, number, number];
    },
    [x, y],
  );
}

/** A box's distance to a circle's edge (0 where they touch or overlap). */
export function boxToSymbol(box: { left: number; top: number; right: number; bottom: number }, symbol: DrawnMember): number {
  const nearestX = Math.min(Math.max(symbol.x, box.left), box.right);
  const nearestY = Math.min(Math.max(symbol.y, box.top), box.bottom);
  return Math.max(0, Math.hypot(symbol.x - nearestX, symbol.y - nearestY) - symbol.radius);
}

/** The labels nearer to another member's symbol than to their own: [label's member, the other]. */
export function labelsNearerAnother(members: readonly DrawnMember[]): Array<[string, string]> {
  return members.flatMap((member) => {
    if (!member.label || member.drawn !== 'symbol') return [];
    const own = boxToSymbol(member.label, member);
    return members
      .filter((other) => other !== member && other.drawn === 'symbol' && boxToSymbol(member.label!, other) < own - 0.01)
      .map((other) => [member.name, other.name] as [string, string]);
  });
}
