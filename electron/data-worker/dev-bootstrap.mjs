// From the sources (the browser host under tsx, the tests under vitest), the worker's TypeScript
// is compiled on load by tsx; the built app runs out/main/data-worker.js instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
