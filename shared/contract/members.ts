import { z } from 'zod';
import { idSchema, memberCountSchema, nameSchema, noteSchema, placeInputSchema, yearSchema } from '../validation';
import { edit, query, type EditAnswer } from './method';
import type { ChainMembers } from './types';

/** A chain's members: the list at a year, and every edit of a member, its membership and its counts. */
export const memberMethods = {
  'members.list': query<ChainMembers>()(z.object({ chainId: idSchema, year: yearSchema.optional() }).strict()),
  'members.rename': edit()(z.object({ placeId: idSchema, name: nameSchema }).strict()),
  'members.setJoinedYear': edit()(z.object({ membershipId: idSchema, joinedYear: yearSchema }).strict()),
  /** `adding`: a new year's count, refused when the year has another (the window asks to replace it). */
  'members.setCount': edit()(
    z.object({ placeId: idSchema, year: yearSchema, memberCount: memberCountSchema, adding: z.boolean().optional() }).strict(),
  ),
  'members.setLeft': edit()(
    z.object({ membershipId: idSchema, leftYear: yearSchema.nullable(), leaveReason: noteSchema.nullable() }).strict(),
  ),
  'members.rejoin': edit()(z.object({ membershipId: idSchema, joinedYear: yearSchema }).strict()),
  'members.setHosting': edit()(
    z.object({ membershipId: idSchema, canHost: z.boolean(), sponsorBond: noteSchema.nullable() }).strict(),
  ),
  'members.setActivityLevel': edit()(
    z
      .object({
        membershipId: idSchema,
        year: yearSchema,
        level: z.enum(['active', 'sporadic', 'dormant'], { error: 'validation.invalid' }).nullable(),
      })
      .strict(),
  ),
  'members.add': edit<EditAnswer & { membershipId: string; placeId: string }>()(
    z.object({ chainId: idSchema, joinedYear: yearSchema, place: placeInputSchema }).strict(),
  ),
  'members.counts': query<Array<{ year: number; count: number | null }>>()(z.object({ placeId: idSchema }).strict()),
} as const;
