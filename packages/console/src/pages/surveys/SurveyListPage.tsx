import type { TSurvey, TSurveyStatus } from '@kulup/contracts';
import { ZSurveyStatus } from '@kulup/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { Field } from '../../layout/field';
import { Badge, ListTable, PageTitle } from '../../layout/ui';
import { call } from '../../lib/api';
import { dateTime, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { surveyTitle } from './survey-form';

export function statusTone(status: TSurveyStatus): 'good' | 'neutral' | 'info' {
  return status === 'ACTIVE' ? 'good' : status === 'DRAFT' ? 'info' : 'neutral';
}

/** The marketer's survey list: status, active window, targeting and response counts. */
export default function SurveyListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as TSurveyStatus | '';
  const surveys = useLoad(() => call('listSurveys', { query: { kind: 'STANDARD', status: status || undefined } }), [status]);
  const items = surveys.data?.items ?? [];

  function window(s: TSurvey): string {
    if (s.activeFrom && s.activeTo) return `${dateTime(s.activeFrom)} – ${dateTime(s.activeTo)}`;
    if (s.activeFrom) return t('surveys.from', { at: dateTime(s.activeFrom) });
    if (s.activeTo) return t('surveys.until', { at: dateTime(s.activeTo) });
    return t('surveys.always');
  }

  return (
    <>
      <PageTitle title={t('surveys.title')}>{t('surveys.title')}</PageTitle>
      <form className="filters" aria-label={t('queue.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('surveys.status')}>
          <select value={status} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {}, { replace: true })}>
            <option value="">{t('surveys.allStatuses')}</option>
            {ZSurveyStatus.options.map((s) => (
              <option key={s} value={s}>
                {t(`surveyStatus.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <p>
          <Link className="button" to="/surveys/new">
            {t('surveys.new')}
          </Link>
        </p>
      </form>
      <ListTable
        load={surveys}
        empty={items.length === 0}
        emptyText={t('surveys.empty')}
        caption={t('surveys.title')}
        columns={[
          { label: t('surveys.name') },
          { label: t('surveys.status') },
          { label: t('surveys.window') },
          { label: t('surveys.targeting') },
          { label: t('surveys.responses'), numeric: true },
          { label: t('surveys.results') },
        ]}
      >
        {items.map((s) => (
          <tr key={s.id}>
            <td>
              <Link to={`/surveys/${s.id}`}>{surveyTitle(s)}</Link>
            </td>
            <td>
              <Badge tone={statusTone(s.status)}>{t(`surveyStatus.${s.status}`)}</Badge>
            </td>
            <td>{window(s)}</td>
            <td>{t(`surveyTargeting.${s.targeting}`)}</td>
            <td className="num">{number(s.responseCount)}</td>
            <td>
              <Link to={`/surveys/${s.id}/results`} aria-label={`${t('surveys.results')}: ${surveyTitle(s)}`}>
                {t('surveys.results')}
              </Link>
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  );
}
