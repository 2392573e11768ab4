/** The name of the one object the preload (or the browser host's shim) puts on window. */
export const CLIENT_GLOBAL = 'atlas';

/** Where the browser host answers an export with the file's bytes (POST, JSON, as its API). */
export const HOST_EXPORT_PATH = '/__host/export';
