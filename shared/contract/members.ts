import { z } from 'zod';
import { idSchema, memberCountSchema, nameSchema, noteSchema, placeInputSchema, yearSchema } from '../validation';
import { method } from './method';
import type { ChainMembers, UndoState } from './types';

/** A chain's members: the list at a year, and every edit of a member, its membership and its counts. */
export const memberMethods = {
  'members.list': method<ChainMembers>()(z.object({ chainId: idSchema, year: yearSchema.optional() }).strict()),
  'members.rename': method<UndoState>()(z.object({ placeId: idSchema, name: nameSchema }).strict()),
  'members.setJoinedYear': method<UndoState>()(z.object({ membershipId: idSchema, joinedYear: yearSchema }).strict()),
  'members.setCount': method<UndoState>()(
    z.object({ placeId: idSchema, year: yearSchema, memberCount: memberCountSchema }).strict(),
  ),
  'members.setLeft': method<UndoState>()(
    z.object({ membershipId: idSchema, leftYear: yearSchema.nullable(), leaveReason: noteSchema.nullable() }).strict(),
  ),
  'members.rejoin': method<UndoState>()(z.object({ membershipId: idSchema, joinedYear: yearSchema }).strict()),
  'members.setHosting': method<UndoState>()(
    z.object({ membershipId: idSchema, canHost: z.boolean(), sponsorBond: noteSchema.nullable() }).strict(),
  ),
  'members.setActivityLevel': method<UndoState>()(
    z
      .object({
        membershipId: idSchema,
        year: yearSchema,
        level: z.enum(['active', 'sporadic', 'dormant'], { error: 'validation.invalid' }).nullable(),
      })
      .strict(),
  ),
  'members.add': method<UndoState & { membershipId: string; placeId: string }>()(
    z.object({ chainId: idSchema, joinedYear: yearSchema, place: placeInputSchema }).strict(),
  ),
  'members.counts': method<Array<{ year: number; count: number | null }>>()(z.object({ placeId: idSchema }).strict()),
} as const;
