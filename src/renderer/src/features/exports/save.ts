import type { ExportedFile } from '../../../../shared/api';
import { saveBase64File, saveTextFile } from '../../api';

/**
 * Saves a file an export method returned through the app's save path: the native save dialog in
 * the desktop app, a download in the browser. Text goes as it is; bytes (zip archives) as base64.
 */
export function saveExportedFile(file: ExportedFile): Promise<string | null> {
  return file.encoding === 'utf8' ? saveTextFile(file.fileName, file.content, file.mimeType) : saveBase64File(file.fileName, file.content, file.mimeType);
}
