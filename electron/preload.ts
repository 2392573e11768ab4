import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { AtlasClient, ShellEvent } from '../shared/contract';
import { CLIENT_GLOBAL } from '../shared/client-global';
import { API_CHANNEL, EVENT_CHANNEL } from '../shared/ipc-channels';

/** The one object the renderer gets: invoke an API method, listen to the shell's events. */
const client = {
  invoke: (method, input) => ipcRenderer.invoke(API_CHANNEL, method, input),
  onEvent: (listener) => {
    const handler = (_event: IpcRendererEvent, shellEvent: ShellEvent) => listener(shellEvent);
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
} satisfies AtlasClient;

contextBridge.exposeInMainWorld(CLIENT_GLOBAL, client);
