import { EventEmitter } from 'node:events';

/**
 * A recording stand-in for the parts of the 'electron' module the app uses, for tests that load
 * main-process code under vi.mock('electron') (the Electron binary cannot be downloaded here).
 * It does what Electron does at the points the security tests look at: a BrowserWindow makes a
 * webContents and emits app 'web-contents-created'; ipcMain, protocol, session, shell and
 * contextBridge record what they are given. Everything else is a harmless no-op.
 */

type Listener = (...args: never[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string; frameName: string; features: string; disposition: string }) => unknown) | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  setWindowOpenHandler(handler: NonNullable<FakeWebContents['windowOpenHandler']>): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
}

export interface FakeElectronOptions {
  appPath: string;
  userData: string;
  isPackaged: boolean;
}

export function createFakeElectron() {
  const options: FakeElectronOptions = { appPath: '/nonexistent', userData: '/nonexistent', isPackaged: true };
  const record = {
    windows: [] as FakeBrowserWindow[],
    webContents: [] as FakeWebContents[],
    /** ipcMain.handle / handleOnce, by channel. */
    ipcHandlers: new Map<string, Listener>(),
    /** ipcMain.on / once / addListener, by channel. */
    ipcListeners: new Map<string, Listener[]>(),
    privilegedSchemes: [] as { scheme: string; privileges?: Record<string, boolean> }[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
    permissionRequestHandler: null as null | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void),
    permissionCheckHandler: null as null | ((contents: unknown, permission: string, origin: string, details?: unknown) => boolean),
    openExternal: [] as string[],
    exposedInMainWorld: [] as { name: string; api: unknown }[],
    rendererInvocations: [] as { channel: string; args: unknown[] }[],
    quitCalls: 0,
  };

  const readyResolvers: (() => void)[] = [];
  let isReady = false;

  class FakeApp extends EventEmitter {
    get isPackaged() {
      return options.isPackaged;
    }
    getAppPath = () => options.appPath;
    getPath = (name: string) => (name === 'userData' ? options.userData : `${options.userData}/${name}`);
    getVersion = () => '0.0.0-test';
    requestSingleInstanceLock = () => true;
    quit = () => {
      record.quitCalls += 1;
    };
    whenReady = () => (isReady ? Promise.resolve() : new Promise<void>((resolve) => readyResolvers.push(resolve)));
  }
  const app = new FakeApp();

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    constructor(readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> }) {
      super();
      record.windows.push(this);
      record.webContents.push(this.webContents);
      app.emit('web-contents-created', {}, this.webContents);
    }
    loadURL(url: string): Promise<void> {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    setRepresentedFilename() {}
  }

  const addListener = (channel: string, listener: Listener) => {
    record.ipcListeners.set(channel, [...(record.ipcListeners.get(channel) ?? []), listener]);
  };
  const ipcMain = {
    handle: (channel: string, handler: Listener) => {
      if (record.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      record.ipcHandlers.set(channel, handler);
    },
    handleOnce: (channel: string, handler: Listener) => ipcMain.handle(channel, handler),
    on: addListener,
    once: addListener,
    addListener,
    removeHandler: (channel: string) => record.ipcHandlers.delete(channel),
  };

  const rendererListeners = new EventEmitter();
  const ipcRenderer = {
    invoke: (channel: string, ...args: unknown[]) => {
      record.rendererInvocations.push({ channel, args });
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => rendererListeners.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) => rendererListeners.removeListener(channel, listener),
    listenerCount: (channel: string) => rendererListeners.listenerCount(channel),
    /** Test side: the main process sends an event to the renderer. */
    emitFromMain: (channel: string, event: unknown, ...args: unknown[]) => rendererListeners.emit(channel, event, ...args),
  };

  const electron = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    ipcRenderer,
    contextBridge: {
      exposeInMainWorld: (name: string, api: unknown) => record.exposedInMainWorld.push({ name, api }),
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: typeof record.privilegedSchemes) => record.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => record.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: typeof record.permissionRequestHandler) => {
          record.permissionRequestHandler = handler;
        },
        setPermissionCheckHandler: (handler: typeof record.permissionCheckHandler) => {
          record.permissionCheckHandler = handler;
        },
      },
    },
    shell: {
      openExternal: (url: string) => {
        record.openExternal.push(url);
        return Promise.resolve();
      },
    },
    dialog: {
      showMessageBox: () => Promise.resolve({ response: 0, checkboxChecked: false }),
      showSaveDialog: () => Promise.resolve({ canceled: true, filePath: '' }),
      showOpenDialog: () => Promise.resolve({ canceled: true, filePaths: [] }),
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: () => {},
    },
  };

  return {
    electron,
    record,
    options,
    /** Electron's 'ready': lets app.whenReady() resolve. */
    ready() {
      isReady = true;
      for (const resolve of readyResolvers.splice(0)) resolve();
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;

/** One fake per test file (vitest isolates files): the vi.mock factory and the test share it. */
export const sharedFakeElectron = createFakeElectron();
