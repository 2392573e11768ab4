import { recordChanges } from './change-log';
import type { DocumentContext } from './context';

/** Moves a place (a member's symbol dragged on the map) as one undo step. */
export function movePlace(ctx: DocumentContext, placeId: string, latitude: number, longitude: number): void {
  recordChanges(ctx, (changes) => changes.update('place', placeId, { latitude, longitude }));
}
