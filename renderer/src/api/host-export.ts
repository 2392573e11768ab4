import { HOST_EXPORT_PATH } from '../../../shared/client-global';
import type { MethodInput } from '../../../shared/contract';
import { fail, ok, type Result } from '../../../shared/result';

/** The file name of a Content-Disposition: filename* (UTF-8, RFC 6266) before the plain filename. */
export function attachmentName(header: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '')?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A name that does not decode: the plain one, if any.
    }
  }
  return /filename="([^"]*)"/i.exec(header ?? '')?.[1] || fallback;
}

/**
 * The export as the browser host answers it (it has no save dialog): the file's bytes and name,
 * for a download. Asked as the API is, a JSON POST from this page.
 */
export async function fetchHostExport(request: MethodInput<'file.export'>): Promise<Result<{ fileName: string; blob: Blob }>> {
  try {
    const response = await fetch(HOST_EXPORT_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (!response.ok) {
      const answer = (await response.json().catch(() => null)) as Result<never> | null;
      return answer && answer.ok === false
        ? answer
        : fail({ code: 'io', message: 'errors.io', detail: `HTTP ${response.status}` });
    }
    const fileName = attachmentName(response.headers.get('content-disposition'), `export.${request.format}`);
    return ok({ fileName, blob: await response.blob() });
  } catch (error) {
    // The host went away: data for the dialog, as call() makes of it.
    return fail({ code: 'io', message: 'errors.io', detail: String(error) });
  }
}
