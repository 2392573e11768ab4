import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AtlasClient, ShellEvent } from '../shared/contract';
import { CLIENT_GLOBAL } from '../shared/client-global';
import { API_CHANNEL, EVENT_CHANNEL } from '../shared/ipc-channels';

/** The one object the renderer gets: invoke an API method, listen to the shell's events. */
const client = {
  // The main process answers JSON text (see transport/ipc.ts).
  invoke: async (method, input) => JSON.parse((await ipcRenderer.invoke(API_CHANNEL, method, input)) as string),
  onEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, shellEvent: ShellEvent) => listener(shellEvent);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies AtlasClient;

contextBridge.exposeInMainWorld(CLIENT_GLOBAL, client);
