import { ApiError } from '@kulup/contracts';
import type { TKioskSurvey, TMemberOffer, TMemberPoints } from '@kulup/contracts';
import { useEffect, useRef, useState } from 'react';

import { memberClient } from '../lib/api';
import { formatDate, formatMoney, formatNumber, useI18n } from '../lib/i18n';
import { listDueSurveys } from '../lib/voice';
import type { Session } from '../session';
import { LanguageSwitch, Message, ScreenTitle } from './common';

/** The member's own screen: first name only, tier and progress, balance, expiring points, offers, surveys, activity. */
export function HomeScreen(props: { session: Session; onSurvey: (s: TKioskSurvey) => void; onComplaint: () => void; onLogout: () => void; onExpired: () => void }) {
  const { lang, t } = useI18n();
  const { member, token } = props.session;
  const [points, setPoints] = useState<TMemberPoints | null>(null);
  const [offers, setOffers] = useState<TMemberOffer[] | null>(null);
  const [surveys, setSurveys] = useState<TKioskSurvey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [activating, setActivating] = useState<string | null>(null);
  // The parent's callback changes on every render; the data must load once per session, not per render.
  const expiredRef = useRef(props.onExpired);
  expiredRef.current = props.onExpired;
  const onExpired = () => expiredRef.current();

  useEffect(() => {
    let alive = true;
    const failed = (e: unknown) => {
      if (e instanceof ApiError && e.status === 401) expiredRef.current();
    };
    memberClient.call('myPoints', { query: { limit: 5 } }).then((p) => alive && setPoints(p), failed);
    memberClient.call('listMyOffers', {}).then((o) => alive && setOffers(o.items), (e: unknown) => {
      failed(e);
      if (alive) setOffers((o) => o ?? []);
    });
    listDueSurveys(true).then((s) => alive && setSurveys(s.items), () => alive && setSurveys((s) => s ?? []));
    return () => {
      alive = false;
    };
  }, [token]);

  const handleActivate = async (offerId: string) => {
    setActivating(offerId);
    setError(null);
    try {
      const updated = await memberClient.call('activateMyOffer', { params: { offerId } });
      setOffers((list) => list?.map((o) => (o.id === offerId ? updated : o)) ?? null);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) onExpired();
      else setError(e instanceof ApiError ? e.message : t.networkError);
    } finally {
      setActivating(null);
    }
  };

  const n = (x: number) => formatNumber(lang, x);
  const balance = points?.balance ?? member.pointsBalance;
  const tierName = points?.tier.name ?? member.tierCode;
  const next = points?.tier.next;
  const textOf = (v: { tr: string | null; en: string | null }) => (lang === 'en' ? (v.en ?? v.tr) : v.tr);

  return (
    <section className="home">
      <div className="topbar">
        <div>
          <ScreenTitle className="title hello">{t.hello(member.firstName)}</ScreenTitle>
          <p className="muted">{t.cardEnding(member.card.last4)}</p>
        </div>
        <div className="row">
          <LanguageSwitch />
          <button type="button" className="btn btn-secondary" onClick={props.onLogout}>
            {t.logout}
          </button>
        </div>
      </div>

      <div className="home-grid">
        <article className="card balance-card" aria-labelledby="balance-title">
          <h2 id="balance-title" className="card-title">
            {t.balance}
          </h2>
          <p className="balance" data-testid="balance">
            {t.points(n(balance))}
          </p>
          <p className="tier">
            <span className={`tier-badge tier-${member.tierCode.toLowerCase()}`}>{tierName}</span>
          </p>
          {points && (
            <>
              {next ? (
                <div className="progress-block">
                  <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={next.percent} aria-label={next.tierName}>
                    <div className="progress-fill" style={{ width: `${next.percent}%` }} />
                  </div>
                  <p>{next.metric === 'points' ? t.toNextPoints(n(next.remaining), next.tierName) : t.toNextSpend(formatMoney(lang, next.remaining), next.tierName)}</p>
                </div>
              ) : (
                <p>{t.topTier}</p>
              )}
              {points.pending > 0 && <p className="muted">{t.pending(n(points.pending))}</p>}
              {points.expiringSoon.points > 0 && points.expiringSoon.earliestAt && (
                <p className="warning-text">{t.expiring(n(points.expiringSoon.points), formatDate(lang, points.expiringSoon.earliestAt))}</p>
              )}
            </>
          )}
        </article>

        <article className="card" aria-labelledby="offers-title">
          <h2 id="offers-title" className="card-title">
            {t.offers}
          </h2>
          <Message kind="error">{error}</Message>
          {offers && offers.length === 0 && <p className="muted">{t.noOffers}</p>}
          <ul className="list">
            {offers?.map((o) => (
              <li key={o.id} className="offer" data-testid="offer">
                <div>
                  <p className="item-title">{textOf(o.title)}</p>
                  {textOf(o.description) && <p className="muted">{textOf(o.description)}</p>}
                  <p className="small">{t.validUntil(formatDate(lang, o.validTo))}</p>
                </div>
                {o.status === 'ACTIVATED' ? (
                  <span className="pill pill-ok">✓ {t.activated}</span>
                ) : (
                  <button type="button" className="btn btn-primary" disabled={activating === o.id} onClick={() => void handleActivate(o.id)} aria-label={`${t.activate}: ${textOf(o.title)}`}>
                    {t.activate}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </article>

        <article className="card" aria-labelledby="surveys-title">
          <h2 id="surveys-title" className="card-title">
            {t.surveys}
          </h2>
          {surveys && surveys.length === 0 && <p className="muted">{t.noSurveys}</p>}
          <ul className="list">
            {surveys?.map((s) => (
              <li key={s.id} className="offer">
                <p className="item-title">{lang === 'en' ? s.titleEn : s.titleTr}</p>
                <button type="button" className="btn btn-primary" onClick={() => props.onSurvey(s)} aria-label={`${t.answerSurvey}: ${lang === 'en' ? s.titleEn : s.titleTr}`}>
                  {t.answerSurvey}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-secondary btn-block" onClick={props.onComplaint}>
            {t.complaint}
          </button>
        </article>

        <article className="card" aria-labelledby="activity-title">
          <h2 id="activity-title" className="card-title">
            {t.activity}
          </h2>
          {points && points.history.items.length === 0 && <p className="muted">{t.noActivity}</p>}
          <ul className="list activity">
            {points?.history.items.map((h) => (
              <li key={h.id}>
                <span>{t.entryKind[h.kind] ?? h.kind}</span>
                <span className="muted">{formatDate(lang, h.at)}</span>
                <span className={h.points >= 0 ? 'plus' : 'minus'}>
                  {h.points >= 0 ? '+' : '−'}
                  {n(Math.abs(h.points))}
                </span>
              </li>
            ))}
          </ul>
        </article>
      </div>
    </section>
  );
}
