/** Names the preload and the main process agree on. No imports: the sandboxed preload bundles this. */
export const API_CHANNEL = 'atlas:api';
export const EVENT_CHANNEL = 'atlas:event';
