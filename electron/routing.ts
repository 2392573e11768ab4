import type { z } from 'zod';
import { contract, isMethodName, type MethodName, type MethodOutput, type ParsedInput } from '../shared/contract';
import { fail, ok, type ApiError, type Result } from '../shared/result';
import { DocumentError, documentErrorFromSqlite } from './db/errors';
import { ServiceError } from './services/context';

/**
 * What both routers share: the shell's (electron/shell-router.ts) and the data side's
 * (electron/router.ts, in the data worker). Each answers its own methods with the input checked
 * against the contract, and every failure comes back as data.
 */

/**
 * The methods the shell answers itself (the app's settings, and the native dialogs of the File
 * menu); every other method is the data side's, which runs in the data worker.
 */
export type ShellMethod = Extract<MethodName, `settings.${string}` | `file.${string}` | `window.${string}`>;
export type DataMethod = Exclude<MethodName, ShellMethod>;

export const isShellMethod = (method: MethodName): method is ShellMethod =>
  method.startsWith('settings.') || method.startsWith('file.') || method.startsWith('window.');
export const isDataMethod = (method: MethodName): method is DataMethod => !isShellMethod(method);

export type Handler<M extends MethodName> = (input: ParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers<Methods extends MethodName> = { [M in Methods]: Handler<M> };

const SLOW_CALL_MS = 200;

export interface Router {
  call(method: string, input: unknown): Promise<Result<unknown>>;
  /**
   * The same answer as JSON text, which is what the transports send: from the data worker the
   * text is made in the worker's thread, so the shell's thread only passes a string on.
   */
  callText(method: string, input: unknown): Promise<string>;
}

/** Past this an answer is refused rather than sent (V8 cannot hold a string of 512 MB at all). */
export const ANSWER_MAX_CHARS = 256 * 1024 * 1024;

/** A result as JSON text; one too large to send is a plain refusal instead. */
export function answerText(result: Result<unknown>): string {
  let text: string | null = null;
  try {
    text = JSON.stringify(result);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (text !== null && text.length <= ANSWER_MAX_CHARS) return text;
  return JSON.stringify(fail({ code: 'io', message: 'errors.answerTooLarge', detail: 'the answer is too large to send' }));
}

/**
 * A router over some of the contract's methods: each call's input is checked against the
 * contract before its handler runs, and every failure comes back as data. A method it does not
 * own goes to `next`, as it came (`next` checks it); without one, it is not supported here.
 */
export function serve<Methods extends MethodName>(
  handlers: Handlers<Methods>,
  owns: (method: MethodName) => method is Methods,
  log: (message: string) => void,
  next?: Router,
): Router {
  async function dispatch<M extends Methods>(method: M, input: unknown): Promise<Result<MethodOutput<M>>> {
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) return fail(fromZod(parsed.error));
    const handler = handlers[method] as Handler<M>;
    return ok(await handler(parsed.data as ParsedInput<M>));
  }

  const router: Router = {
    async callText(method, input) {
      if (next && typeof method === 'string' && isMethodName(method) && !owns(method)) return next.callText(method, input);
      return answerText(await router.call(method, input));
    },
    async call(method, input) {
      if (typeof method !== 'string' || !isMethodName(method)) {
        // String() throws on some values (an object without a prototype): only a string is echoed.
        return fail({
          code: 'unknown_method',
          message: 'errors.unknown_method',
          detail: typeof method === 'string' ? method.slice(0, 100) : typeof method,
        });
      }
      if (!owns(method)) {
        if (next) return next.call(method, input);
        return fail({ code: 'unsupported', message: 'errors.unsupported', detail: `${method} is not answered here` });
      }
      const started = performance.now();
      try {
        return await dispatch(method, input);
      } catch (error) {
        return fail(toApiError(error, log));
      } finally {
        const elapsed = performance.now() - started;
        if (elapsed > SLOW_CALL_MS) log(`slow call: ${method} took ${elapsed.toFixed(0)} ms`);
      }
    },
  };
  return router;
}

function fromZod(error: z.ZodError): ApiError {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message = issue?.message.startsWith('validation.') ? issue.message : 'validation.invalid';
  return { code: 'invalid_input', message, ...(field ? { field } : {}), detail: issue?.message };
}

export function toApiError(error: unknown, log: (message: string) => void = console.warn): ApiError {
  if (error instanceof ServiceError) return error.apiError;
  const documentError = error instanceof DocumentError ? error : documentErrorFromSqlite(error);
  if (documentError) {
    return {
      code: documentError.code,
      message: `errors.${documentError.code}`,
      params: documentError.params,
      detail: documentError.message,
    };
  }
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'internal', message: 'errors.internal', detail: error instanceof Error ? error.message : String(error) };
}
