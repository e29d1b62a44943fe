import { useEffect, useId, useState } from 'react';
import type { AgreementReport } from '../../../../shared/api';
import { api, errorMessage } from '../../api';
import { Dialog } from '../../ui/Dialog';

interface Props {
  /** The project's analysts, its own first ('' while unnamed). */
  analysts: string[];
  version: number;
  /** Go to a passage where the two differ. */
  onOpen(sourceId: string, highlightId: string): void;
  onClose(): void;
}

const nameOf = (analyst: string) => analyst || 'You (unnamed)';
const kappaText = (kappa: number | null) => (kappa === null ? '–' : kappa.toFixed(2));

/**
 * Agreement between two coders (codingAgreement, src/core/services/analyst.ts): over the passages
 * both coded, per relation type, how often they agree the type applies, as percent agreement and
 * Cohen's kappa, and the passages where their relation types differ, each one click from the text.
 */
export function AgreementDialog({ analysts, version, onOpen, onClose }: Props) {
  const ids = useId();
  const [a, setA] = useState(analysts[0] ?? '');
  const [b, setB] = useState(analysts.find((x) => x !== analysts[0]) ?? '');
  const [report, setReport] = useState<{ key: string; value: AgreementReport | null; error: string | null } | null>(null);
  const key = JSON.stringify([a, b, version]);

  useEffect(() => {
    if (!a || !b || a === b) return;
    let live = true;
    api.codingAgreement({ a, b }).then(
      (value) => live && setReport({ key, value, error: null }),
      (error: unknown) => live && setReport({ key, value: null, error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [a, b, key]);

  const current = report?.key === key ? report : null;
  const pair = current?.value?.pair ?? null;
  const unnamed = analysts.includes('');
  return (
    <Dialog title="Agreement between analysts" submitLabel="Done" onSubmit={onClose} onClose={onClose}>
      <div className="agreement">
        {unnamed && <p className="hint">Name yourself first (Analyst name… in the command palette) to compare your coding with a colleague’s.</p>}
        <div className="agreement-pick">
          <label htmlFor={`${ids}-a`}>Analyst A</label>
          <select id={`${ids}-a`} value={a} onChange={(e) => setA(e.target.value)}>
            {analysts.filter(Boolean).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <label htmlFor={`${ids}-b`}>Analyst B</label>
          <select id={`${ids}-b`} value={b} onChange={(e) => setB(e.target.value)}>
            {analysts.filter(Boolean).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        {a === b ? (
          <p>Choose two different analysts.</p>
        ) : current?.error ? (
          <p className="form-error" role="alert">
            Agreement could not be computed: {current.error}
          </p>
        ) : !current ? (
          <p role="status">Comparing…</p>
        ) : !pair || pair.sharedPassages === 0 ? (
          <p role="status">
            {nameOf(a)} and {nameOf(b)} have coded no passage in common yet: agreement is measured over passages both highlighted or tied.
          </p>
        ) : (
          <>
            <p role="status">
              Over {pair.sharedPassages} passage{pair.sharedPassages === 1 ? '' : 's'} both coded. Kappa is Cohen’s: 1 is full agreement, 0 what chance
              would give.
            </p>
            <table className="agreement-table">
              <thead>
                <tr>
                  <th scope="col">Relation type</th>
                  <th scope="col">Both</th>
                  <th scope="col">Only A</th>
                  <th scope="col">Only B</th>
                  <th scope="col">Agree</th>
                  <th scope="col">Kappa</th>
                </tr>
              </thead>
              <tbody>
                {pair.byType.map((t) => (
                  <tr key={t.relationTypeId}>
                    <th scope="row">{t.label}</th>
                    <td>{t.both}</td>
                    <td>{t.onlyA}</td>
                    <td>{t.onlyB}</td>
                    <td>{t.percent === null ? '–' : `${t.percent}%`}</td>
                    <td>{kappaText(t.kappa)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {pair.disagreements.length > 0 && (
              <>
                <h3>Coded differently ({pair.disagreements.length})</h3>
                <ul className="agreement-diffs">
                  {pair.disagreements.map((d) => (
                    <li key={d.highlightId}>
                      <button type="button" className="link-button" onClick={() => onOpen(d.sourceId, d.highlightId)}>
                        “{d.quote}”
                      </button>
                      <span className="hint">
                        {' '}
                        in {d.sourceTitle}: A {labelsOf(d.typesA, pair.byType)}; B {labelsOf(d.typesB, pair.byType)}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </div>
    </Dialog>
  );
}

function labelsOf(typeIds: string[], byType: Array<{ relationTypeId: string; label: string }>): string {
  if (typeIds.length === 0) return 'no tie';
  return typeIds.map((id) => byType.find((t) => t.relationTypeId === id)?.label ?? id).join(', ');
}
