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
  windowOpenHandler: ((details: { url: string; frameName: string; features: string; disposition: string }) => unknown) | null =
    null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  setWindowOpenHandler(handler: NonNullable<FakeWebContents['windowOpenHandler']>): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }
  /** printToPDF's options, in order; each print answers FAKE_PDF. */
  readonly printed: Record<string, unknown>[] = [];
  printToPDF(options: Record<string, unknown>): Promise<Buffer> {
    this.printed.push(options);
    return Promise.resolve(FAKE_PDF);
  }
  /** capturePage's areas; each capture is an image whose PNG is FAKE_PNG. */
  readonly captured: unknown[] = [];
  capturePage(area: unknown): Promise<{ toPNG(): Buffer }> {
    this.captured.push(area);
    return Promise.resolve({ toPNG: () => FAKE_PNG });
  }
}

/** What the fake's printToPDF and capturePage return: the app must write these bytes as they are. */
export const FAKE_PDF = Buffer.from('%PDF-1.7\n% a fake report\n%%EOF\n');
export const FAKE_PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

export interface FakeElectronOptions {
  appPath: string;
  userData: string;
  isPackaged: boolean;
  /** What app.getPreferredSystemLanguages() answers (none unless a test sets them). */
  systemLanguages?: string[];
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
    permissionRequestHandler: null as
      null | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details?: unknown) => void),
    permissionCheckHandler: null as
      null | ((contents: unknown, permission: string, origin: string, details?: unknown) => boolean),
    openExternal: [] as string[],
    exposedInMainWorld: [] as { name: string; api: unknown }[],
    rendererInvocations: [] as { channel: string; args: unknown[] }[],
    /** What save dialogs answer, in turn: a path, or null for Cancel; when empty, Cancel. */
    saveDialogAnswers: [] as (string | null)[],
    saveDialogOptions: [] as Record<string, unknown>[],
    /** What open dialogs answer, in turn: a path, or null for Cancel; when empty, Cancel. */
    openDialogAnswers: [] as (string | null)[],
    /** Message boxes shown, their options, in order. */
    messageBoxes: [] as Record<string, unknown>[],
    /** The menu last set as the application menu (its template). */
    applicationMenu: null as unknown[] | null,
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
    /** The system's languages, as a test sets them (options.systemLanguages). */
    getPreferredSystemLanguages = () => [...(options.systemLanguages ?? [])];
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
    fullScreen = false;
    setFullScreen(on: boolean) {
      this.fullScreen = on;
    }
    isFullScreen() {
      return this.fullScreen;
    }
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
      // As electron/transport/ipc.ts answers: JSON text.
      return Promise.resolve(JSON.stringify({ ok: true, value: null }));
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => rendererListeners.on(channel, listener),
    removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
      rendererListeners.removeListener(channel, listener),
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
      handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) =>
        record.protocolHandlers.set(scheme, handler),
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
      showMessageBox: (...args: unknown[]) => {
        record.messageBoxes.push(args[args.length - 1] as Record<string, unknown>);
        return Promise.resolve({ response: 0, checkboxChecked: false });
      },
      showSaveDialog: (...args: unknown[]) => {
        // Electron's signature: ([window,] options).
        record.saveDialogOptions.push(args[args.length - 1] as Record<string, unknown>);
        const answer = record.saveDialogAnswers.shift() ?? null;
        return Promise.resolve(answer === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: answer });
      },
      showOpenDialog: () => {
        const answer = record.openDialogAnswers.shift() ?? null;
        return Promise.resolve(answer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [answer] });
      },
    },
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: { template?: unknown[] } | null) => {
        record.applicationMenu = menu?.template ?? null;
      },
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

/**
 * Runs the real electron/main.ts against the fake as a packaged app whose folder is a stand-in:
 * the real migrations and resources, and a tiny built renderer. Call from beforeAll, after
 * vi.mock('electron'); `prepare` may add files to the app folder before main starts.
 */
export async function startFakeMain(
  fake: FakeElectron,
  importMain: () => Promise<unknown>,
  prepare: (appRoot: string) => void = () => {},
): Promise<{ base: string; appRoot: string }> {
  const { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
  const base = mkdtempSync(join(tmpdir(), 'atlas-main-'));
  const appRoot = join(base, 'app');
  mkdirSync(join(appRoot, 'electron', 'db'), { recursive: true });
  symlinkSync(join(repoRoot, 'electron', 'db', 'migrations'), join(appRoot, 'electron', 'db', 'migrations'));
  symlinkSync(join(repoRoot, 'resources'), join(appRoot, 'resources'));
  mkdirSync(join(appRoot, 'out', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(appRoot, 'out', 'renderer', 'index.html'), '<!doctype html><title>atlas</title>');
  writeFileSync(join(appRoot, 'out', 'renderer', 'assets', 'app.js'), 'export {};');
  prepare(appRoot);
  fake.options.appPath = appRoot;
  fake.options.userData = join(base, 'userData');
  fake.options.isPackaged = true;
  await importMain();
  fake.ready();
  // start() is done when it has loaded the window and registered its quit handler.
  const started = Date.now();
  while (fake.electron.app.listenerCount('window-all-closed') < 1) {
    if (Date.now() - started > 30_000) throw new Error('the main process did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { base, appRoot };
}

/** Calls the main process's API handler as the app's page does (from `url`), and reads its JSON answer. */
export async function callMain(
  fake: FakeElectron,
  method: string,
  input: unknown,
  url = 'app://atlas/index.html',
): Promise<{ ok: boolean; value?: unknown; error?: unknown }> {
  const { API_CHANNEL } = await import('../../shared/ipc-channels');
  const handler = fake.record.ipcHandlers.get(API_CHANNEL)!;
  const event = { senderFrame: { url, parent: null }, sender: fake.record.webContents[0], frameId: 1, processId: 1 };
  // The handler answers JSON text, as the preload receives it.
  return JSON.parse((await handler(event as never, method as never, input as never)) as string) as {
    ok: boolean;
    value?: unknown;
    error?: unknown;
  };
}
