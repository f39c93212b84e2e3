import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';

export interface ConfirmRequest {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  /** Red confirm button for what cannot be undone. */
  danger?: boolean;
}

interface Pending extends ConfirmRequest {
  resolve: (confirmed: boolean) => void;
}

/**
 * An in-page confirmation (a modal <dialog>) in place of window.confirm: it can say what
 * will happen in the farm's words, and tests can press its buttons like a user.
 * `confirm(...)` resolves true when confirmed, false when dismissed.
 */
export function useConfirm(): [ReactNode, (request: ConfirmRequest) => Promise<boolean>] {
  const [pending, setPending] = useState<Pending | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);

  const confirm = useCallback(
    (request: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ ...request, resolve })),
    [],
  );

  useEffect(() => {
    const dialog = dialogRef.current;
    if (pending && dialog && !dialog.open) dialog.showModal();
  }, [pending]);

  const close = (confirmed: boolean) => {
    pending?.resolve(confirmed);
    setPending(null);
    dialogRef.current?.close();
  };

  const element = pending ? (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      data-testid="confirm-dialog"
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        close(false);
      }}
    >
      <h2 id="confirm-title">{pending.title}</h2>
      <div className="confirm-message">{pending.message}</div>
      <div className="confirm-buttons">
        <button type="button" className="button" data-testid="confirm-cancel" onClick={() => close(false)}>
          Keep it
        </button>
        <button
          type="button"
          className={`button ${pending.danger ? 'button-danger' : 'button-primary'}`}
          data-testid="confirm-ok"
          autoFocus
          onClick={() => close(true)}
        >
          {pending.confirmLabel}
        </button>
      </div>
    </dialog>
  ) : null;
  return [element, confirm];
}
