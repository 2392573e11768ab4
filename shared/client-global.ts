/** The name of the one object the preload (or the browser host's shim) puts on window. */
export const CLIENT_GLOBAL = 'atlas';
