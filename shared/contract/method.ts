import { z } from 'zod';

/** One API method: the schema the router validates its input with, and the type of its answer. */
export function method<Output>() {
  return <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });
}

/** The input of a method that takes none. */
export const empty = z.object({}).strict();
