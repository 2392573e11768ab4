import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { SyncStatus } from '../../../shared/contract';
import { refreshDocument, useEdit } from '../api/edits';
import { useApiQuery } from '../api/queries';
import { useReadOnly } from '../document/DocumentProvider';

/** How often the window asks whether the shared folder brought changes (the data side merges them). */
const FOLDER_POLL_MS = 3000;

/**
 * The document's sharing status. While it syncs through a shared folder, the data side merges
 * the colleagues' files in the background: the window asks for the status every few seconds and
 * reads everything again when its revision went up, and it asks for a look in the folder when
 * the window gets focus (the user may have just come back from the sync tool).
 */
export function useSharing(): SyncStatus | null {
  const queryClient = useQueryClient();
  const edit = useEdit();
  const readOnly = useReadOnly();
  const answer = useApiQuery(
    'sync.status',
    {},
    {
      refetchInterval: (last) => (last?.ok && last.value.shared && last.value.folder ? FOLDER_POLL_MS : false),
    },
  );
  const status = answer.data?.ok ? answer.data.value : null;
  const folder = status?.shared ? status.folder : null;

  const revision = useRef<{ documentId: string; revision: number } | null>(null);
  useEffect(() => {
    if (!status) return;
    const before = revision.current;
    revision.current = { documentId: status.documentId, revision: status.revision };
    if (before && before.documentId === status.documentId && status.revision > before.revision) void refreshDocument(queryClient);
  }, [status, queryClient]);

  useEffect(() => {
    if (!folder || readOnly) return;
    const onFocus = () => void edit('sync.checkFolder', {});
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [folder, readOnly, edit]);

  return status;
}
