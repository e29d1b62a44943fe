import { ActorPicker } from '../features/actors/ActorPicker';
import { ActorRegistry } from '../features/actors/ActorRegistry';
import { BackupsDialog } from '../features/backups/BackupsDialog';
import { ExportsDialog } from '../features/exports/ExportsDialog';
import { OpenLinkDialog } from '../features/exports/OpenLinkDialog';
import { AnalystDialog } from '../features/ties/AnalystDialog';
import { fileToBase64 } from '../features/sources/importing';
import { MetadataDialog } from '../features/sources/MetadataDialog';
import { PasteDialog } from '../features/sources/PasteDialog';
import { UpdateTextDialog } from '../features/sources/UpdateTextDialog';
import { RelationTypesEditor } from '../features/relations/RelationTypesEditor';
import { TieForm } from '../features/ties/TieForm';
import { Dialog } from '../ui/Dialog';
import { CommandPalette, KeyboardHelp } from './CommandPalette';
import { useWorkspace, useWorkspaceController } from './useWorkspace';

/** The file types the import and "Update text" pickers offer. */
export const ACCEPT = '.txt,.text,.md,.markdown,.mdown,.html,.htm,.xhtml,.pdf,.docx';

/** Carries "a backup was restored" across the page reload that follows it (read by App.tsx). */
export const RESTORED_KEY = 'tiemark-restored';

/** The one dialog open at a time (the workspace's `modal`). */
export function Modals() {
  const ws = useWorkspaceController();
  const modal = useWorkspace((s) => s.modal);
  const source = useWorkspace((s) => s.source);
  const sources = useWorkspace((s) => s.sources);
  const highlights = useWorkspace((s) => s.highlights);
  const project = useWorkspace((s) => s.project);
  useWorkspace((s) => s.annotations);
  useWorkspace((s) => s.actors);
  useWorkspace((s) => s.relationTypes);
  if (!modal) return null;
  const index = ws.index;
  const close = ws.closeModal;
  const refresh = () => void ws.refresh(true).catch(ws.fail);
  switch (modal.kind) {
    case 'paste':
      return <PasteDialog initialText={modal.text} html={modal.html} onSubmit={(t, title, html) => void ws.pasteSource(t, title, html)} onClose={close} />;
    case 'update-text':
      return source ? (
        <UpdateTextDialog
          title={source.title}
          accept={ACCEPT}
          onSubmit={(update) =>
            void ('file' in update
              ? fileToBase64(update.file).then((dataBase64) => ws.updateText({ file: { name: update.file.name, dataBase64 } }), ws.fail)
              : ws.updateText(update))
          }
          onClose={close}
        />
      ) : null;
    case 'metadata': {
      const summary = source ? (sources.find((s) => s.id === source.id) ?? source) : null;
      return summary ? <MetadataDialog source={summary} onSubmit={(p) => void ws.saveMetadata(p)} onClose={close} /> : null;
    }
    case 'delete-source':
      return source ? (
        <Dialog title="Delete this source?" submitLabel="Delete source" danger onSubmit={() => void ws.deleteSource()} onClose={close}>
          <p>
            “{source.title}” and its {highlights.length} highlight{highlights.length === 1 ? '' : 's'} will be removed from this project.
          </p>
        </Dialog>
      ) : null;
    case 'picker':
      return (
        <ActorPicker
          actors={index.actors}
          suggestedIds={modal.suggestedIds}
          taggedIds={'highlightId' in modal.target ? (index.actorIdsByHighlight.get(modal.target.highlightId) ?? []) : []}
          anchor={modal.anchor}
          onPick={(actor) => void ws.tagWith(modal.target, actor)}
          onClose={close}
        />
      );
    case 'tie':
      return (
        <TieForm
          actors={index.actors}
          relationTypes={index.relationTypes}
          passage={ws.passageOf(modal.target)}
          initial={modal.initial}
          editing={modal.editing}
          onSubmit={(values) => ws.submitTie(modal.target, values, modal.editing)}
          onDelete={modal.editing ? () => void ws.deleteClaim(modal.editing!.id) : undefined}
          onClose={close}
        />
      );
    case 'palette':
      return <CommandPalette registry={ws.registry} onClose={close} />;
    case 'help':
      return <KeyboardHelp registry={ws.registry} onClose={close} />;
    case 'exports':
      return (
        <ExportsDialog
          sourceId={source?.id ?? null}
          selectedIds={modal.sourceIds}
          analyst={project?.analyst ?? null}
          onAnalystNamed={() => void ws.refreshSources().catch(ws.fail)}
          onMessage={ws.say}
          onClose={close}
          // An archive imported or merged: everything may have changed, the open source's highlights too.
          onImported={() => void (source ? ws.refresh(false).catch(ws.fail) : ws.loadProject())}
        />
      );
    case 'analyst':
      return (
        <AnalystDialog
          current={project?.analyst ?? null}
          onSaved={(name) => {
            close();
            ws.say('info', `Your coding now goes under the name ${name}.`);
            void ws.refreshSources().catch(ws.fail); // the project info names the analyst
          }}
          onClose={close}
        />
      );
    case 'open-link':
      return (
        <OpenLinkDialog
          onOpen={(link) => {
            close();
            void ws.openLink(link);
          }}
          onClose={close}
        />
      );
    case 'backups':
      return (
        <BackupsDialog
          onClose={close}
          onRestored={(backup) => {
            sessionStorage.setItem(RESTORED_KEY, new Date(backup.takenAt).toLocaleString());
            window.location.reload();
          }}
        />
      );
    case 'actors':
      return <ActorRegistry actors={index.actors} onChanged={refresh} onError={ws.fail} onClose={close} />;
    case 'relations':
      return <RelationTypesEditor relationTypes={index.relationTypes} onChanged={refresh} onError={ws.fail} onClose={close} />;
  }
}
