import { describe, expect, it } from 'vitest';
import { answerText } from '../../electron/routing';

/** What the transports send: a Result as JSON text, or a plain refusal when it cannot be sent. */
describe('answerText', () => {
  it('is the result as JSON', () => {
    expect(JSON.parse(answerText({ ok: true, value: { name: 'Herning', count: 230 } }))).toEqual({
      ok: true,
      value: { name: 'Herning', count: 230 },
    });
  });

  it('an answer too large for a string (JSON.stringify throws RangeError) is a plain refusal, not a crash', () => {
    const tooLarge = {
      toJSON() {
        throw new RangeError('Invalid string length');
      },
    };
    expect(JSON.parse(answerText({ ok: true, value: tooLarge }))).toEqual({
      ok: false,
      error: { code: 'io', message: 'errors.answerTooLarge', detail: 'the answer is too large to send' },
    });
  });

  it('any other error is not hidden', () => {
    const broken = {
      toJSON() {
        throw new TypeError('a bug');
      },
    };
    expect(() => answerText({ ok: true, value: broken })).toThrow(TypeError);
  });
});
