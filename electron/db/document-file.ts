/** A chain document's file name extension (what the file dialogs and the file association use). */
export const DOCUMENT_EXTENSION = 'vanort';
