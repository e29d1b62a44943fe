import { useState } from 'react';
import type { MetadataPatch } from '../../../../shared/api';
import type { SourceSummary } from '../../../../shared/types';
import { Dialog } from '../../ui/Dialog';

interface Props {
  source: SourceSummary;
  onSubmit(patch: MetadataPatch): void;
  onClose(): void;
}

export function MetadataDialog({ source, onSubmit, onClose }: Props) {
  const [form, setForm] = useState({
    title: source.title,
    authors: source.authors.join('; '),
    outlet: source.outlet,
    publishedAt: source.publishedAt,
    url: source.url,
    language: source.language,
  });
  const field = (key: keyof typeof form, label: string, hint?: string) => (
    <label>
      {label}
      {hint && <span className="hint"> {hint}</span>}
      <input value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} required={key === 'title'} />
    </label>
  );
  return (
    <Dialog
      title="Source details"
      submitLabel="Save"
      onClose={onClose}
      onSubmit={() =>
        onSubmit({
          ...form,
          authors: form.authors.split(';').map((a) => a.trim()).filter(Boolean),
        })
      }
    >
      {field('title', 'Title')}
      {field('authors', 'Authors', '(separate with ;)')}
      {field('outlet', 'Outlet')}
      {field('publishedAt', 'Published', '(e.g. 2024, 2024-03 or 2024-03-14)')}
      {field('url', 'URL')}
      {field('language', 'Language', '(e.g. en, ar, fa)')}
    </Dialog>
  );
}
