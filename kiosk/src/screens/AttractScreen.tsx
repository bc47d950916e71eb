import type { TKioskBulletin, TKioskInfo } from '@kulup/contracts';
import { useEffect, useState } from 'react';

import { asTerminal } from '../lib/api';
import { useI18n } from '../lib/i18n';
import { LanguageSwitch, Message, ScreenTitle } from './common';

const IMAGE_SECONDS = 8;
const VIDEO_MAX_SECONDS = 60;
const REFRESH_MS = 5 * 60_000;

/** The idle loop: this store's bulletins (pictures and short films) and the way in (tap, type, give feedback). */
export function AttractScreen(props: { notice: string | null; onStart: () => void; onFeedback: () => void; onSurveys: () => void; onTerminalError: (e: unknown) => void }) {
  const { lang, t } = useI18n();
  const [bulletins, setBulletins] = useState<TKioskBulletin[]>([]);
  const [info, setInfo] = useState<TKioskInfo | null>(null);
  const [index, setIndex] = useState(0);
  const { onTerminalError } = props;

  useEffect(() => {
    let alive = true;
    const load = () => {
      asTerminal((c) => c.call('kioskBulletins', {}))
        .then((list) => alive && setBulletins(list.items))
        .catch(onTerminalError);
      asTerminal((c) => c.call('kioskInfo', {}))
        .then((i) => alive && setInfo(i))
        .catch(() => undefined);
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [onTerminalError]);

  const current = bulletins.length > 0 ? bulletins[index % bulletins.length] : undefined;
  const isVideo = current?.media?.contentType.startsWith('video/') ?? false;
  const next = () => setIndex((i) => (bulletins.length > 0 ? (i + 1) % bulletins.length : 0));

  useEffect(() => {
    if (!current) return;
    const timer = setTimeout(next, (isVideo ? VIDEO_MAX_SECONDS : IMAGE_SECONDS) * 1000);
    return () => clearTimeout(timer);
  }, [current?.id, index, isVideo]);

  const title = current ? (lang === 'en' ? (current.title.en ?? current.title.tr) : current.title.tr) : null;
  const text = current ? (lang === 'en' ? (current.body.en ?? current.body.tr) : current.body.tr) : null;

  return (
    <section className="attract">
      <div className="attract-top">
        <div className="brand">
          <img src="/kiosk/icon.svg" alt="" width="56" height="56" />
          <span>
            {t.appName}
            {info && <small className="store-name">{info.store.name}</small>}
          </span>
        </div>
        <LanguageSwitch />
      </div>
      {/* Touching the picture starts too; the Start button below is the accessible way in. */}
      <div className="slide" onClick={props.onStart}>
        {current?.media &&
          (isVideo ? (
            <video key={current.id} className="slide-media" src={current.media.url} autoPlay muted playsInline onEnded={next} onError={next} />
          ) : (
            <img key={current.id} className="slide-media" src={current.media.url} alt="" onError={next} />
          ))}
        {current && (
          <span className="slide-caption" lang={lang}>
            <span className={`badge badge-${current.kind.toLowerCase()}`}>{current.kind === 'DISCOUNT' ? '%' : '★'}</span>
            <span className="slide-title">{title}</span>
            {text && <span className="slide-text">{text}</span>}
          </span>
        )}
        {bulletins.length > 1 && (
          <span className="dots" aria-hidden="true">
            {bulletins.map((b, i) => (
              <span key={b.id} className={i === index % bulletins.length ? 'dot-on' : 'dot-off'} />
            ))}
          </span>
        )}
      </div>
      <div className="attract-actions">
        <ScreenTitle className="cta">{t.tapCard}</ScreenTitle>
        <p className="cta-sub">{t.orTouch}</p>
        <Message kind="info">{props.notice}</Message>
        <button type="button" className="btn btn-primary btn-xl" onClick={props.onStart}>
          {t.start}
        </button>
        <div className="row">
          <button type="button" className="btn btn-secondary" onClick={props.onFeedback}>
            {t.feedback}
          </button>
          <button type="button" className="btn btn-secondary" onClick={props.onSurveys}>
            {t.anonymousSurveys}
          </button>
        </div>
      </div>
    </section>
  );
}
