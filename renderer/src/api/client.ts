import type { AtlasClient, MethodInput, MethodName, MethodOutput } from '../../../shared/contract';
import type { ApiError, Result } from '../../../shared/result';
import { CLIENT_GLOBAL } from '../../../shared/client-global';

declare global {
  interface Window {
    [CLIENT_GLOBAL]?: AtlasClient;
  }
}

/** The typed client the preload (or the browser host's shim) put on window: the renderer's only door out. */
export function client(): AtlasClient {
  const found = window[CLIENT_GLOBAL];
  if (!found) throw new Error('The app bridge is missing: start the app with "npm start" or "npm run web".');
  return found;
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  try {
    return await client().invoke(method, input);
  } catch (error) {
    // A transport failure (the host went away) is still data for the UI, never an uncaught throw.
    const failure: ApiError = { code: 'io', message: 'errors.io', detail: String(error) };
    return { ok: false, error: failure };
  }
}
