/** Files the user picks or saves in the window (the browser's own file chooser and downloads). */

/** A picked file's bytes as base64, as the API takes files. */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/**
 * Saves bytes the API gave as base64 under a file name: a download, which the browser (and
 * Electron, with its save dialog) writes where the user says.
 */
export function saveBase64(fileName: string, contentBase64: string, type = 'application/octet-stream'): void {
  const binary = atob(contentBase64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  saveBlob(fileName, new Blob([bytes], { type }));
}

/** Saves a blob under a file name, as a download (an <a download> to an object URL). */
export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // After the download has taken the bytes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
