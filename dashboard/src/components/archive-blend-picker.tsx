import { useEffect, useState } from 'react';
import { blendsInArchive } from '../zip-contents.ts';

type Listing = { kind: 'reading' } | { kind: 'failed'; problem: string } | { kind: 'read'; blends: string[] };

/**
 * Which .blend of a project .zip to render: the archive's .blend files, read from its
 * central directory in the browser; the only one is chosen for the person.
 */
export function ArchiveBlendPicker({ archive, value, onChange }: { archive: File; value: string; onChange: (blendPath: string) => void }) {
  const [listing, setListing] = useState<Listing>({ kind: 'reading' });
  useEffect(() => {
    let current = true;
    setListing({ kind: 'reading' });
    blendsInArchive(archive).then(
      (blends) => {
        if (!current) return;
        setListing({ kind: 'read', blends });
        onChange(blends.length === 1 ? blends[0]! : '');
      },
      (error: unknown) => current && setListing({ kind: 'failed', problem: (error as Error).message }),
    );
    return () => {
      current = false;
    };
    // onChange is a new function each render: the listing depends on the archive alone.
  }, [archive]);

  if (listing.kind === 'reading') return <span className="muted small">Reading the archive…</span>;
  if (listing.kind === 'failed') return <span className="field-error" data-testid="archive-problem">{listing.problem}</span>;
  if (listing.blends.length === 0) return <span className="field-error" data-testid="archive-problem">the archive has no .blend file</span>;
  return (
    <select id="blendPath" data-testid="blend-path-select" value={value} onChange={(e) => onChange(e.target.value)}>
      {listing.blends.length > 1 && <option value="">choose the .blend to render</option>}
      {listing.blends.map((blend) => (
        <option key={blend} value={blend}>
          {blend}
        </option>
      ))}
    </select>
  );
}
