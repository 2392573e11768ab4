import type { QueryMethod } from '../contract';
import { SUBJECTS, type Subject } from './subjects';

/**
 * What each query's answer is made of. The window keeps answers until an edit touches one of
 * these; every query method must be listed (typecheck fails otherwise), and
 * tests/integration/touched-subjects.test.ts checks that an edit that changes an answer touched
 * one of its subjects.
 */
export const QUERY_READS = {
  'document.info': ['document'],
  // Every edit changes what can be undone next (an edit's own answer carries it).
  'undo.state': SUBJECTS,
  'backups.list': ['document'],
  // The app's settings, not the document's: no edit touches them.
  'settings.get': [],
  'chains.list': ['chain', 'membership', 'place'],
  'chains.history': [
    'chain',
    'meeting',
    'place',
    'membership',
    'event',
    'activity',
    'activity_place',
    'branch_grant',
    'branch',
    'agreement',
  ],
  'records.get': ['branch_grant', 'branch', 'event', 'activity', 'activity_place', 'agreement', 'agreement_party', 'place'],
  'chains.countSeries': ['chain', 'membership', 'place', 'branch', 'member_count'],
  'members.list': ['chain', 'membership', 'place', 'branch', 'member_count', 'activity_level'],
  'members.counts': ['branch', 'member_count'],
  'facts.alternatives': ['fact_alternative'],
  'checks.list': ['chain', 'membership', 'place', 'branch', 'member_count', 'meeting'],
  // The bundled gazetteer.
  'gazetteer.search': [],
  'gazetteer.nearest': [],
  // Sharing: any edit may end a conflict, and a merge touches everything.
  // Sharing on or off, the folder, the peers and the count of conflicts: what merges, decisions and
  // turning sharing on change, and each of those touches 'document' (the router adds it to an
  // edit or step that changed the count of conflicts).
  'sync.status': ['document'],
  'sync.preview': SUBJECTS,
  'sync.conflicts': SUBJECTS,
  'sync.changes': SUBJECTS,
} as const satisfies Record<QueryMethod, readonly Subject[]>;

/** Whether an edit that touched these subjects made the method's answers stale. */
export function readsAny(method: QueryMethod, touched: readonly Subject[]): boolean {
  const reads: readonly Subject[] = QUERY_READS[method];
  return touched.some((subject) => reads.includes(subject));
}
