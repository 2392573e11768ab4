import { ipcMain } from 'electron';
import { fail } from '../../shared/result';
import { API_CHANNEL } from '../../shared/ipc-channels';
import { answerText, type Router } from '../routing';
import type { FrameLike } from '../security-policy';

/**
 * The Electron transport: every API call arrives here and goes to the same router as the browser
 * host's. The answer goes back as JSON text, which the preload parses.
 */
export function bindRouter(router: Router, isTrustedFrame: (frame: FrameLike | null | undefined) => boolean): void {
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedFrame(event.senderFrame)) {
      return answerText(
        fail({ code: 'unsupported', message: 'errors.unsupported', detail: 'call from an untrusted frame refused' }),
      );
    }
    // JSON text: the main process passes the data worker's answer on without reading it.
    return router.callText(typeof method === 'string' ? method : '', input);
  });
}
