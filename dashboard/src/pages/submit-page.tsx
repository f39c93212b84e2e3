import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { Page } from '../components/page.tsx';
import { ProgressBar } from '../components/status.tsx';
import { formatBytes } from '../format.ts';
import { graphql } from '../../../common/graphql/generated/index.ts';
import type { OutputFormat, SubmitJobInput } from '../../../common/graphql/generated/graphql.ts';
import { type GraphQLErrorInfo, type UploadProgress, uploadOperation } from '../graphql/upload.ts';
import { jobPath, navigate } from '../router.tsx';
import { ArchiveBlendPicker } from '../components/archive-blend-picker.tsx';
import { isArchiveName } from '../zip-contents.ts';

const SubmitJob = graphql(`
  mutation DashboardSubmitJob($input: SubmitJobInput!) {
    submitJob(input: $input) {
      id
      name
      totalFrames
    }
  }
`);

/** Every OutputFormat, in the order a user looks for them; the Record type makes codegen's list and this one agree. */
const FORMAT_LABELS: Record<OutputFormat, string> = {
  PNG: 'PNG',
  JPEG: 'JPEG',
  OPEN_EXR: 'OpenEXR',
  OPEN_EXR_MULTILAYER: 'OpenEXR MultiLayer',
  TIFF: 'TIFF',
  WEBP: 'WebP',
  BMP: 'BMP',
  TARGA: 'Targa',
  JP2: 'JPEG 2000',
  HDR: 'Radiance HDR',
  DPX: 'DPX',
  IRIS: 'Iris',
};

type Field = keyof SubmitJobInput;

const FIELD_LABELS: Record<Field, string> = {
  file: '.blend or project .zip',
  name: 'Job name',
  frameStart: 'First frame',
  frameEnd: 'Last frame',
  frameStep: 'Step',
  totalFrames: 'Number of frames',
  outputFormat: 'Output format',
  sceneName: 'Scene',
  priority: 'Priority',
  maxAttempts: 'Max attempts',
  renderTimeoutSeconds: 'Render timeout',
  requiredTags: 'Required tags',
  files: 'Project files',
  blendPath: '.blend to render',
  allowMissingFiles: 'Allow missing files',
};

interface Draft {
  name: string;
  frameMode: 'range' | 'count';
  frameStart: string;
  frameEnd: string;
  frameStep: string;
  totalFrames: string;
  outputFormat: OutputFormat;
  sceneName: string;
  priority: string;
  maxAttempts: string;
  renderTimeoutSeconds: string;
  requiredTags: string;
}

const INITIAL: Draft = {
  name: '',
  frameMode: 'range',
  frameStart: '1',
  frameEnd: '250',
  frameStep: '1',
  totalFrames: '',
  outputFormat: 'PNG',
  sceneName: '',
  priority: '0',
  maxAttempts: '3',
  renderTimeoutSeconds: '',
  requiredTags: '',
};

class FieldProblem extends Error {
  constructor(
    readonly field: Field,
    message: string,
  ) {
    super(message);
  }
}

/** An optional whole number: '' is left out (the server's default). */
function wholeNumber(field: Field, text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new FieldProblem(field, 'a whole number');
  return value;
}

function toInput(draft: Draft, file: File, blendPath: string): SubmitJobInput {
  const input: SubmitJobInput = { file, name: draft.name.trim(), outputFormat: draft.outputFormat };
  if (isArchiveName(file.name)) {
    if (blendPath === '') throw new FieldProblem('blendPath', 'choose the .blend in the archive to render');
    input.blendPath = blendPath;
  }
  if (draft.frameMode === 'range') {
    input.frameStart = wholeNumber('frameStart', draft.frameStart);
    input.frameEnd = wholeNumber('frameEnd', draft.frameEnd);
    input.frameStep = wholeNumber('frameStep', draft.frameStep);
  } else {
    input.totalFrames = wholeNumber('totalFrames', draft.totalFrames);
    if (input.totalFrames === undefined) throw new FieldProblem('totalFrames', 'how many frames to render');
  }
  if (draft.sceneName.trim() !== '') input.sceneName = draft.sceneName.trim();
  input.priority = wholeNumber('priority', draft.priority);
  input.maxAttempts = wholeNumber('maxAttempts', draft.maxAttempts);
  input.renderTimeoutSeconds = wholeNumber('renderTimeoutSeconds', draft.renderTimeoutSeconds);
  const tags = draft.requiredTags.split(/[\s,]+/).filter(Boolean);
  if (tags.length > 0) input.requiredTags = tags;
  return input;
}

type Phase = { kind: 'editing' } | { kind: 'uploading'; progress: UploadProgress | null } | { kind: 'queuing' };

export function SubmitPage() {
  const [draft, setDraft] = useState<Draft>(INITIAL);
  const [file, setFile] = useState<File | null>(null);
  /** For a project .zip: the .blend inside it to render. */
  const [blendPath, setBlendPath] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [phase, setPhase] = useState<Phase>({ kind: 'editing' });
  const [errors, setErrors] = useState<GraphQLErrorInfo[]>([]);
  const upload = useRef<AbortController | null>(null);
  useEffect(() => () => upload.current?.abort(), []);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const busy = phase.kind !== 'editing';
  const fieldErrors = (field: Field) => errors.filter((e) => e.field === field);

  const onFile = (chosen: File | null) => {
    setFile(chosen);
    setBlendPath('');
    if (chosen && !nameTouched) set('name', chosen.name.replace(/\.(blend\d*|zip)$/i, ''));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors([]);
    if (!file) {
      setErrors([{ field: 'file', message: 'choose a .blend file or a project .zip', code: null }]);
      return;
    }
    let input: SubmitJobInput;
    try {
      input = toInput(draft, file, blendPath);
    } catch (error) {
      if (!(error instanceof FieldProblem)) throw error;
      setErrors([{ field: error.field, message: error.message, code: null }]);
      return;
    }
    const controller = new AbortController();
    upload.current = controller;
    setPhase({ kind: 'uploading', progress: { loaded: 0, total: file.size } });
    try {
      const result = await uploadOperation(SubmitJob, { input }, { 'input.file': file }, {
        signal: controller.signal,
        onProgress: (progress) =>
          setPhase(progress.loaded >= progress.total ? { kind: 'queuing' } : { kind: 'uploading', progress }),
      });
      const job = result.data?.submitJob;
      if (job && result.errors.length === 0) {
        navigate(jobPath(job.id));
        return;
      }
      setErrors(result.errors.length ? result.errors : [{ field: null, message: 'The server returned no job', code: null }]);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) {
        setErrors([{ field: null, message: (error as Error).message, code: null }]);
      }
    } finally {
      upload.current = null;
    }
    setPhase({ kind: 'editing' });
  };

  return (
    <Page testId="submit-page" title="Submit a job" subtitle="Upload a .blend, or a .zip of its project folder, and queue a range of its frames.">
      <form className="card submit-form" data-testid="submit-form" onSubmit={(event) => void onSubmit(event)} noValidate>
        <fieldset disabled={busy}>
          <Row label={FIELD_LABELS.file} htmlFor="file" errors={fieldErrors('file')} hint={file ? formatBytes(file.size) : 'a .blend (plain, gzip- or zstd-compressed), or a .zip of the project folder'}>
            <input id="file" name="file" type="file" accept=".blend,.zip" data-testid="file-input" onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
          </Row>
          {file && isArchiveName(file.name) && (
            <Row label={FIELD_LABELS.blendPath} htmlFor="blendPath" errors={fieldErrors('blendPath')} hint="its textures and libraries are found beside it, as in the folder zipped">
              <ArchiveBlendPicker archive={file} value={blendPath} onChange={setBlendPath} />
            </Row>
          )}
          <Row label={FIELD_LABELS.name} htmlFor="name" errors={fieldErrors('name')}>
            <input
              id="name"
              name="name"
              type="text"
              data-testid="name-input"
              value={draft.name}
              onChange={(e) => {
                setNameTouched(true);
                set('name', e.target.value);
              }}
            />
          </Row>
          <div className="form-row">
            <span className="label">Frames</span>
            <div>
              <div className="segmented" role="radiogroup" aria-label="How to give the frames">
                <label>
                  <input type="radio" name="frameMode" data-testid="frames-range" checked={draft.frameMode === 'range'} onChange={() => set('frameMode', 'range')} />
                  Range
                </label>
                <label>
                  <input type="radio" name="frameMode" data-testid="frames-count" checked={draft.frameMode === 'count'} onChange={() => set('frameMode', 'count')} />
                  Number of frames
                </label>
              </div>
              {draft.frameMode === 'range' ? (
                <div className="inline-fields">
                  <SmallField label={FIELD_LABELS.frameStart} id="frameStart" testId="frame-start" value={draft.frameStart} onChange={(v) => set('frameStart', v)} errors={fieldErrors('frameStart')} />
                  <SmallField label={FIELD_LABELS.frameEnd} id="frameEnd" testId="frame-end" value={draft.frameEnd} onChange={(v) => set('frameEnd', v)} errors={fieldErrors('frameEnd')} />
                  <SmallField label={FIELD_LABELS.frameStep} id="frameStep" testId="frame-step" value={draft.frameStep} onChange={(v) => set('frameStep', v)} errors={fieldErrors('frameStep')} />
                </div>
              ) : (
                <div className="inline-fields">
                  <SmallField label="Frames 1 to" id="totalFrames" testId="total-frames" value={draft.totalFrames} onChange={(v) => set('totalFrames', v)} errors={fieldErrors('totalFrames')} />
                </div>
              )}
              {draft.frameMode === 'range' && <FieldErrors errors={fieldErrors('totalFrames')} />}
            </div>
          </div>
          <Row label={FIELD_LABELS.outputFormat} htmlFor="outputFormat" errors={fieldErrors('outputFormat')}>
            <select id="outputFormat" data-testid="format-select" value={draft.outputFormat} onChange={(e) => set('outputFormat', e.target.value as OutputFormat)}>
              {(Object.keys(FORMAT_LABELS) as OutputFormat[]).map((format) => (
                <option key={format} value={format}>
                  {FORMAT_LABELS[format]}
                </option>
              ))}
            </select>
          </Row>
          <Row label={FIELD_LABELS.sceneName} htmlFor="sceneName" errors={fieldErrors('sceneName')} hint="empty: the file’s active scene">
            <input id="sceneName" type="text" data-testid="scene-input" value={draft.sceneName} onChange={(e) => set('sceneName', e.target.value)} />
          </Row>
          <Row label={FIELD_LABELS.priority} htmlFor="priority" errors={fieldErrors('priority')} hint="higher first">
            <input id="priority" type="number" step={1} className="narrow" data-testid="priority-field" value={draft.priority} onChange={(e) => set('priority', e.target.value)} />
          </Row>
          <Row label={FIELD_LABELS.maxAttempts} htmlFor="maxAttempts" errors={fieldErrors('maxAttempts')} hint="tries per frame before it is failed">
            <input id="maxAttempts" type="number" min={1} step={1} className="narrow" data-testid="max-attempts" value={draft.maxAttempts} onChange={(e) => set('maxAttempts', e.target.value)} />
          </Row>
          <Row label={FIELD_LABELS.renderTimeoutSeconds} htmlFor="renderTimeoutSeconds" errors={fieldErrors('renderTimeoutSeconds')} hint="seconds per frame; empty: no limit">
            <input id="renderTimeoutSeconds" type="number" min={1} step={1} className="narrow" data-testid="render-timeout" value={draft.renderTimeoutSeconds} onChange={(e) => set('renderTimeoutSeconds', e.target.value)} />
          </Row>
          <Row label={FIELD_LABELS.requiredTags} htmlFor="requiredTags" errors={fieldErrors('requiredTags')} hint="only workers with all of them, e.g. “gpu, linux”">
            <input id="requiredTags" type="text" data-testid="tags-input" value={draft.requiredTags} onChange={(e) => set('requiredTags', e.target.value)} />
          </Row>
        </fieldset>

        {errors.length > 0 && (
          <div className="alert alert-error" role="alert" data-testid="submit-errors">
            <strong>The job was not submitted:</strong>
            <ul>
              {errors.map((error, i) => (
                <li key={i}>
                  {error.field && <span className="error-field">{FIELD_LABELS[error.field as Field] ?? error.field}: </span>}
                  {withoutFieldName(error)}
                </li>
              ))}
            </ul>
          </div>
        )}

        {phase.kind !== 'editing' && (
          <div className="upload-status" data-testid="upload-status">
            <ProgressBar
              percent={phase.kind === 'queuing' ? 100 : phase.progress ? (100 * phase.progress.loaded) / Math.max(1, phase.progress.total) : 0}
              status="RUNNING"
              testId="upload-progress"
              label="Upload"
            />
            <span className="small muted">
              {phase.kind === 'queuing'
                ? 'Uploaded; checking the file and queuing its frames…'
                : `Uploading ${formatBytes(phase.progress?.loaded ?? 0)} of ${formatBytes(phase.progress?.total ?? file?.size ?? 0)}`}
            </span>
          </div>
        )}

        <div className="form-buttons">
          {phase.kind === 'uploading' ? (
            <button type="button" className="button" data-testid="cancel-upload" onClick={() => upload.current?.abort()}>
              Cancel upload
            </button>
          ) : null}
          <button type="submit" className="button button-primary" data-testid="submit-job" disabled={busy}>
            {busy ? 'Submitting…' : 'Upload and queue'}
          </button>
        </div>
      </form>
    </Page>
  );
}

/** The server writes "Invalid frameEnd: must not be …"; shown under the field's own label, the prefix goes. */
function withoutFieldName(error: GraphQLErrorInfo): string {
  return error.field ? error.message.replace(`Invalid ${error.field}: `, '') : error.message;
}

function FieldErrors({ errors }: { errors: readonly GraphQLErrorInfo[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="field-error" data-testid="field-error">
      {errors.map(withoutFieldName).join('; ')}
    </div>
  );
}

function Row({ label, htmlFor, errors, hint, children }: { label: string; htmlFor: string; errors: readonly GraphQLErrorInfo[]; hint?: string; children: ReactNode }) {
  return (
    <div className={`form-row${errors.length ? ' has-error' : ''}`}>
      <label className="label" htmlFor={htmlFor}>
        {label}
      </label>
      <div>
        {children}
        {hint && <div className="hint">{hint}</div>}
        <FieldErrors errors={errors} />
      </div>
    </div>
  );
}

function SmallField({
  label,
  id,
  testId,
  value,
  onChange,
  errors,
}: {
  label: string;
  id: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  errors: readonly GraphQLErrorInfo[];
}) {
  return (
    <div className={`small-field${errors.length ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="number" step={1} className="narrow" data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} />
      <FieldErrors errors={errors} />
    </div>
  );
}
