import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../shared/api';
import { IPC, type ChangeEvent, type PickedFile, type ShellBridge, type ShellRequest } from '../shared/bridge';
import type { Result } from '../shared/errors';

// A narrow, fixed surface: the renderer can name an API method, never an IPC channel. Every
// request goes over the one invoke channel as a tagged ShellRequest, which main checks again
// (src/main/ipc.ts) and answers with a Result.
const invoke = (request: ShellRequest): Promise<Result<unknown>> => ipcRenderer.invoke(IPC.invoke, request);

/** The dialogs answer a value; a refusal or a failed write becomes a rejected promise, as before. */
async function valueOf<T>(request: ShellRequest): Promise<T> {
  const result = await invoke(request);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as T;
}

const bridge: ShellBridge = {
  shell: 'electron',
  call: (method, args) => {
    if (!isMethodName(method)) return Promise.reject(new Error(`unknown method ${String(method)}`));
    return invoke({ kind: 'api', method, args });
  },
  importDialog: () => valueOf<PickedFile[] | null>({ kind: 'import-dialog' }),
  saveFile: (fileName, content, encoding) =>
    valueOf<string | null>({ kind: 'save-file', fileName: String(fileName), content: String(content), ...(encoding === 'base64' ? { encoding } : {}) }),
  onChanged: (listener) => {
    const handler = (_event: IpcRendererEvent, change: ChangeEvent) => listener(change);
    ipcRenderer.on(IPC.changed, handler);
    return () => ipcRenderer.off(IPC.changed, handler);
  },
};

contextBridge.exposeInMainWorld('tiemark', bridge);
