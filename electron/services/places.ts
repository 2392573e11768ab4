import { recordChanges } from './change-log';
import type { DocumentContext } from './context';

/**
 * The name of the local branch the app makes for a place that has none (at its first count or
 * grant). It is data in the document, not shown in the window, so it is not translated: it
 * stays the same whatever language the person who added the count uses.
 */
export const localBranchName = (placeName: string): string => `Föreningen Norden ${placeName}`;

/** Moves a place (a member's symbol dragged on the map) as one undo step. */
export function movePlace(ctx: DocumentContext, placeId: string, latitude: number, longitude: number): void {
  recordChanges(ctx, (changes) => changes.update('place', placeId, { latitude, longitude }));
}
