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

const documentClosedListeners = new Set<() => void>();

/**
 * Told when an answer says the document was closed under the window: its data worker did not
 * answer in time and was ended. The desktop shell also sends document-changed; the browser
 * host has no events, so the answer itself is the signal.
 */
export function onDocumentClosed(listener: () => void): () => void {
  documentClosedListeners.add(listener);
  return () => documentClosedListeners.delete(listener);
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
  try {
    const result = await client().invoke(method, input);
    // After the answer is where it goes (a query's in the cache), so a listener sees it there.
    if (!result.ok && result.error.code === 'unresponsive') {
      setTimeout(() => {
        for (const listener of documentClosedListeners) listener();
      }, 0);
    }
    return result;
  } catch (error) {
    // A transport failure (the host went away) is still data for the UI, never an uncaught throw.
    const failure: ApiError = { code: 'io', message: 'errors.io', detail: String(error) };
    return { ok: false, error: failure };
  }
}
