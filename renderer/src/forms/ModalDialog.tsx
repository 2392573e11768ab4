import { useEffect, useRef, type ReactNode, type RefObject } from 'react';

interface ModalDialogProps {
  /** The id of the dialog's heading. */
  labelledBy: string;
  className: string;
  /** Called once the dialog has closed: by Escape, by close() on the ref, or by the parent going away. */
  onClose(): void;
  /** The native dialog, for close(): closing through it gives focus back to where it was. */
  dialogRef?: RefObject<HTMLDialogElement | null>;
  children: ReactNode;
}

/**
 * The app's modal dialog, on the native <dialog> opened with showModal(): the window behind is
 * inert (Tab stays inside), Escape closes, and on closing the browser puts focus back on the
 * control that opened it.
 */
export function ModalDialog({ labelledBy, className, onClose, dialogRef, children }: ModalDialogProps) {
  const ownRef = useRef<HTMLDialogElement>(null);
  const ref = dialogRef ?? ownRef;
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, [ref]);
  return (
    <dialog ref={ref} className={`modal-dialog ${className}`} aria-labelledby={labelledBy} onClose={onClose}>
      {children}
    </dialog>
  );
}

/** A dialog's buttons, right-aligned: the one that closes it (Cancel, Close) first, then any others. */
export function DialogActions({
  dialogRef,
  closeLabel,
  children,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  closeLabel: string;
  children?: ReactNode;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" onClick={() => dialogRef.current?.close()}>
        {closeLabel}
      </button>
      {children}
    </div>
  );
}
