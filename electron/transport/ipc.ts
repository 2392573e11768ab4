import { ipcMain } from 'electron';
import { fail } from '../../shared/result';
import { API_CHANNEL } from '../../shared/ipc-channels';
import type { Router } from '../router';
import type { FrameLike } from '../security-policy';

/** The Electron transport: every API call arrives here and goes to the same router as the browser host's. */
export function bindRouter(router: Router, isTrustedFrame: (frame: FrameLike | null | undefined) => boolean): void {
  ipcMain.handle(API_CHANNEL, async (event, method: unknown, input: unknown) => {
    if (!isTrustedFrame(event.senderFrame)) {
      return fail({ code: 'unsupported', message: 'errors.unsupported', detail: 'call from an untrusted frame refused' });
    }
    return router.call(typeof method === 'string' ? method : '', input);
  });
}
