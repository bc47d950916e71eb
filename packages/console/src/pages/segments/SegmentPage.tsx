import { ApiError } from '@kulup/contracts';
import type { TSegment, TSegmentMemberList, TSegmentPreview, TSegmentRule } from '@kulup/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

import { ExportButtons } from '../../layout/export-buttons';
import { Field, fieldErrors } from '../../layout/field';
import { Badge, ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { date, dateTime, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { RuleEditor, RuleEditorProvider } from './RuleEditor';
import type { RuleEditorContext } from './RuleEditor';
import { hasCriterion, isGroup } from './rule-model';
import type { Group } from './rule-model';

const PREVIEW_DELAY_MS = 400;

/** Live count and sample members of the rules being edited, asked for once the editing pauses. */
function useLivePreview(rules: Group) {
  const [preview, setPreview] = useState<{ result?: TSegmentPreview; error?: unknown; busy: boolean }>({ busy: false });
  const generation = useRef(0);
  const key = JSON.stringify(rules);
  useEffect(() => {
    const mine = ++generation.current;
    if (!hasCriterion(rules)) {
      setPreview({ busy: false });
      return;
    }
    setPreview((p) => ({ ...p, busy: true }));
    const timer = setTimeout(() => {
      call('previewSegment', { body: { rules, sampleSize: 5 } }).then(
        (result) => mine === generation.current && setPreview({ result, busy: false }),
        (error: unknown) => mine === generation.current && setPreview({ error, busy: false }),
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return preview;
}

function asGroup(rule: TSegmentRule): Group {
  return isGroup(rule) ? rule : { kind: 'and', rules: [rule] };
}

/** The segment builder: a new segment (`/segments/new`) or an existing one with its history and members. */
export default function SegmentPage() {
  const { segmentId } = useParams();
  const isNew = !segmentId || segmentId === 'new';
  const segment = useLoad(() => (isNew ? Promise.resolve(undefined) : call('getSegment', { params: { segmentId: segmentId! } })), [segmentId]);
  if (segment.error) return <ErrorMessage error={segment.error} />;
  if (segment.loading && !segment.data && !isNew) return <Loading />;
  return <SegmentEditor key={segment.data?.id ?? 'new'} initial={segment.data} onSaved={segment.set} />;
}

function SegmentEditor({ initial, onSaved }: { initial: TSegment | undefined; onSaved: (s: TSegment) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [name, setName] = useState(initial?.name ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [rules, setRules] = useState<Group>(() => (initial ? asGroup(initial.rules) : { kind: 'and', rules: [] }));
  const [saveError, setSaveError] = useState<unknown>();
  const [notice, setNotice] = useState<string>(() => ((location.state as { saved?: boolean } | null)?.saved ? t('segments.saved') : ''));
  const [busy, setBusy] = useState(false);
  const [historyTick, setHistoryTick] = useState(0);
  const preview = useLivePreview(rules);
  const tiers = useLoad(() => call('listTiers', {}), []);
  const stores = useLoad(() => call('listStores', {}), []);

  // Errors of the last save, or else of the live preview, next to the fields they name.
  const errors = useMemo(() => (saveError ? fieldErrors(saveError) : fieldErrors(preview.error)), [saveError, preview.error]);
  const context = useMemo<RuleEditorContext>(
    () => ({
      errors,
      references: {
        tier: tiers.data?.tiers.map((x) => ({ value: x.code, label: `${x.name} (${x.code})` })),
        store: stores.data?.items.map((x) => ({ value: x.id, label: `${x.name} · ${x.city}` })),
      },
    }),
    [errors, tiers.data, stores.data],
  );

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setSaveError(undefined);
    setNotice('');
    try {
      const body = { name, description: description.trim() || null, rules };
      const saved = initial ? await call('updateSegment', { params: { segmentId: initial.id }, body }) : await call('createSegment', { body });
      if (initial) {
        onSaved(saved);
        setNotice(t('segments.saved'));
      } else navigate(`/segments/${saved.id}`, { replace: true, state: { saved: true } });
    } catch (error) {
      setSaveError(error);
    } finally {
      setBusy(false);
    }
  }
  async function refresh() {
    if (!initial) return;
    setBusy(true);
    setSaveError(undefined);
    try {
      const r = await call('refreshSegment', { params: { segmentId: initial.id } });
      onSaved(r.segment);
      setHistoryTick((n) => n + 1);
      setNotice(t('segments.refreshed', { count: r.segment.memberCount ?? 0, added: r.added, removed: r.removed }));
    } catch (error) {
      setSaveError(error);
    } finally {
      setBusy(false);
    }
  }
  async function archive() {
    if (!initial || !confirm(t('segments.confirmArchive'))) return;
    setBusy(true);
    try {
      await call('archiveSegment', { params: { segmentId: initial.id } });
      onSaved({ ...initial, status: 'ARCHIVED' });
      setNotice(t('segments.archived'));
    } catch (error) {
      setSaveError(error);
    } finally {
      setBusy(false);
    }
  }

  const title = initial?.name ?? t('segments.newTitle');
  const generalError = saveError ?? (preview.error instanceof ApiError && preview.error.fields.length > 0 ? undefined : preview.error);
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/segments">{t('segments.back')}</Link>
      </p>
      <PageTitle title={title}>
        {title} {initial && <Badge tone={initial.status === 'ACTIVE' ? 'good' : 'neutral'}>{t(`segmentStatus.${initial.status}`)}</Badge>}
      </PageTitle>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorMessage error={generalError} showFields={false} />
      <div className="columns">
        <form onSubmit={(e) => void save(e)} aria-label={t('segments.rules')}>
          <Section title={t('segments.rules')} id="segment-rules">
            <Field label={t('segments.name')}>
              <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
            </Field>
            <Field label={t('segments.description')}>
              <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={1000} />
            </Field>
            <RuleEditorProvider value={context}>
              <RuleEditor rule={rules} onChange={setRules} />
            </RuleEditorProvider>
            <div className="button-row">
              <button type="submit" disabled={busy}>
                {busy ? t('segments.saving') : t('segments.save')}
              </button>
              {initial && (
                <>
                  <button type="button" className="secondary" disabled={busy} onClick={() => void refresh()}>
                    {t('segments.refreshNow')}
                  </button>
                  {initial.status === 'ACTIVE' && (
                    <button type="button" className="secondary" disabled={busy} onClick={() => void archive()}>
                      {t('segments.archive')}
                    </button>
                  )}
                </>
              )}
            </div>
          </Section>
        </form>
        <Section title={t('segments.liveCount')} id="live-count">
          <p className="kpi-value" role="status" aria-live="polite" data-testid="live-count">
            {!hasCriterion(rules) ? (
              <span className="muted">{t('segments.addCriterionFirst')}</span>
            ) : preview.busy || !preview.result ? (
              <span className="muted">{t('segments.counting')}</span>
            ) : (
              t('segments.liveMembers', { formatted: number(preview.result.memberCount) })
            )}
          </p>
          {preview.result && !preview.busy && (
            <>
              <h3>{t('segments.sample')}</h3>
              {preview.result.sample.length === 0 ? (
                <p className="muted">{t('segments.noSample')}</p>
              ) : (
                <ul className="plain" aria-label={t('segments.sample')}>
                  {preview.result.sample.map((m) => (
                    <li key={m.id}>
                      <Link to={`/members/${m.id}`}>
                        {m.firstName} {m.lastName}
                      </Link>{' '}
                      <span className="muted">
                        {m.tierCode}
                        {m.city ? ` · ${m.city}` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {initial && (
            <p className="muted">
              {t('segments.size')}: {initial.memberCount === null ? '—' : number(initial.memberCount)} · {t('segments.refreshedAt')}:{' '}
              {initial.refreshedAt ? dateTime(initial.refreshedAt) : t('segments.never')}
            </p>
          )}
        </Section>
      </div>
      {initial && <SizeHistory segmentId={initial.id} tick={historyTick} />}
      {initial && <SegmentMembers segmentId={initial.id} tick={historyTick} />}
    </>
  );
}

function SizeHistory({ segmentId, tick }: { segmentId: string; tick: number }) {
  const { t } = useTranslation();
  const sizes = useLoad(() => call('segmentSizes', { params: { segmentId } }), [segmentId, tick]);
  const items = sizes.data?.items ?? [];
  return (
    <Section title={t('segments.history')} id="size-history">
      <ErrorMessage error={sizes.error} />
      {items.length === 0 ? (
        <p className="muted">{t('segments.noHistory')}</p>
      ) : (
        <>
          <div className="chart" aria-hidden="true">
            <ResponsiveContainer width="100%" height={200}>
              <LineChart data={items.map((x) => ({ at: date(x.measuredAt), members: x.memberCount }))} margin={{ left: 8, right: 16, top: 8, bottom: 4 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="at" />
                <YAxis allowDecimals={false} />
                <Tooltip />
                <Line type="monotone" dataKey="members" stroke="#1f6f4a" isAnimationActive={false} />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="data compact">
            <caption className="visually-hidden">{t('segments.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('segments.measuredAt')}</th>
                <th scope="col" className="num">
                  {t('segments.size')}
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.measuredAt}>
                  <td>{dateTime(x.measuredAt)}</td>
                  <td className="num">{number(x.memberCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}

function SegmentMembers({ segmentId, tick }: { segmentId: string; tick: number }) {
  const { t } = useTranslation();
  const [more, setMore] = useState<TSegmentMemberList['items']>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>();
  const first = useLoad(async () => {
    const page = await call('segmentMembers', { params: { segmentId }, query: { limit: 50 } });
    setMore([]);
    setCursor(page.nextCursor);
    return page;
  }, [segmentId, tick]);
  async function loadMore() {
    if (!cursor) return;
    try {
      const page = await call('segmentMembers', { params: { segmentId }, query: { limit: 50, cursor } });
      setMore((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (error) {
      setMoreError(error);
    }
  }
  const items = [...(first.data?.items ?? []), ...more];
  return (
    <Section title={t('segments.members')} id="segment-members">
      <ExportButtons
        label={t('exports.of', { name: t('segments.members') })}
        download={(format) => call('exportSegmentMembers', { params: { segmentId }, query: { format } })}
      />
      <ErrorMessage error={first.error ?? moreError} />
      {items.length === 0 ? (
        <p className="muted">{t('segments.noMembers')}</p>
      ) : (
        <table className="data compact">
          <caption className="visually-hidden">{t('segments.members')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('members.name')}</th>
              <th scope="col">{t('segments.tier')}</th>
              <th scope="col">{t('segments.city')}</th>
              <th scope="col">{t('segments.addedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((m) => (
              <tr key={m.id}>
                <td>
                  <Link to={`/members/${m.id}`}>
                    {m.firstName} {m.lastName}
                  </Link>
                </td>
                <td>{m.tierCode}</td>
                <td>{m.city ?? '—'}</td>
                <td>{date(m.addedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void loadMore()}>
          {t('common.loadMore')}
        </button>
      )}
    </Section>
  );
}
