import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isMethodName } from '../shared/api';
import { IPC, type ChangeEvent, type ShellBridge } from '../shared/bridge';

// A narrow, fixed surface: the renderer can name an API method, never an IPC channel.
const bridge: ShellBridge = {
  shell: 'electron',
  call: (method, args) => {
    if (!isMethodName(method)) return Promise.reject(new Error(`unknown method ${String(method)}`));
    return ipcRenderer.invoke(IPC.api, method, args);
  },
  importDialog: () => ipcRenderer.invoke(IPC.importDialog),
  saveFile: (fileName, content) => ipcRenderer.invoke(IPC.saveFile, String(fileName), String(content)),
  onChanged: (listener) => {
    const handler = (_event: IpcRendererEvent, change: ChangeEvent) => listener(change);
    ipcRenderer.on(IPC.changed, handler);
    return () => ipcRenderer.off(IPC.changed, handler);
  },
};

contextBridge.exposeInMainWorld('tiemark', bridge);
