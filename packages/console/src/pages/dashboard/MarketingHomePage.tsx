import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { Badge, ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { date, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

/** The marketer's home: points about to expire and the surveys running, from existing endpoints. */
export default function MarketingHomePage() {
  const { t, i18n } = useTranslation();
  const expiring = useLoad(() => call('expiringPointsReport', { query: { limit: 1000 } }), []);
  const surveys = useLoad(() => call('listSurveys', { query: { kind: 'STANDARD' } }), []);
  const items = expiring.data?.items ?? [];
  const totalExpiring = items.reduce((sum, x) => sum + x.points, 0);
  const title = (s: { titleTr: string; titleEn: string }) => (i18n.language === 'en' ? s.titleEn : s.titleTr);

  return (
    <>
      <PageTitle title={t('marketing.title')}>{t('marketing.title')}</PageTitle>
      <ErrorMessage error={expiring.error ?? surveys.error} />
      {expiring.loading && !expiring.data ? (
        <Loading />
      ) : (
        <div className="kpis" aria-label={t('marketing.keyFigures')}>
          <div className="kpi">
            <span className="kpi-label">{t('marketing.expiringMembers', { days: expiring.data?.days ?? '' })}</span>
            <span className="kpi-value">{number(items.length)}</span>
          </div>
          <div className="kpi">
            <span className="kpi-label">{t('marketing.expiringPoints')}</span>
            <span className="kpi-value">{number(totalExpiring)}</span>
          </div>
          <div className="kpi">
            <span className="kpi-label">{t('marketing.activeSurveys')}</span>
            <span className="kpi-value">{number((surveys.data?.items ?? []).filter((s) => s.status === 'ACTIVE').length)}</span>
          </div>
        </div>
      )}
      <div className="grid-2">
        <Section title={t('marketing.expiringList')}>
          {items.length === 0 ? (
            <p className="muted">{t('marketing.noExpiring')}</p>
          ) : (
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">{t('members.name')}</th>
                  <th scope="col" className="num">
                    {t('member.pointsColumn')}
                  </th>
                  <th scope="col">{t('marketing.expiresOn')}</th>
                </tr>
              </thead>
              <tbody>
                {items.slice(0, 20).map((x) => (
                  <tr key={x.memberId}>
                    <td>
                      <Link to={`/members/${x.memberId}`}>{x.firstName}</Link>
                    </td>
                    <td className="num">{number(x.points)}</td>
                    <td>{date(x.earliestExpiresAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
        <Section
          title={t('marketing.surveys')}
          actions={
            <Link className="button" to="/surveys">
              {t('surveys.manage')}
            </Link>
          }
        >
          {(surveys.data?.items ?? []).length === 0 ? (
            <p className="muted">{t('marketing.noSurveys')}</p>
          ) : (
            <ul className="plain">
              {surveys.data!.items.map((s) => (
                <li key={s.id}>
                  <strong>{title(s)}</strong> <Badge tone={s.status === 'ACTIVE' ? 'good' : 'neutral'}>{t(`surveyStatus.${s.status}`)}</Badge>{' '}
                  <span className="muted">{t('marketing.responses', { count: s.responseCount })}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>
    </>
  );
}
