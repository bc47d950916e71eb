import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { MediaCaption, MediaPreview, MediaUpload, mediaLimitsText, mediaName } from './media';

/** The kiosk media library: upload pictures and films within the kiosk's limits, and preview what is there. */
export default function MediaLibraryPage() {
  const { t } = useTranslation();
  const media = useLoad(() => call('listMedia', {}), []);
  const items = media.data?.items ?? [];

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/bulletins">{t('bulletins.back')}</Link>
      </p>
      <PageTitle title={t('bulletins.mediaLibrary')}>{t('bulletins.mediaLibrary')}</PageTitle>
      <Section title={t('bulletins.uploadTitle')} id="media-upload">
        <p className="muted">{t('bulletins.uploadIntro', { limits: mediaLimitsText() })}</p>
        <MediaUpload onUploaded={(m) => media.set({ items: [m, ...items.filter((x) => x.id !== m.id)] })} />
      </Section>
      <Section title={t('bulletins.libraryTitle', { count: items.length })} id="media-library">
        <ErrorMessage error={media.error} />
        {media.loading && !media.data ? (
          <Loading />
        ) : items.length === 0 ? (
          <p className="empty-state">{t('bulletins.noMediaYet')}</p>
        ) : (
          <ul className="media-grid" aria-label={t('bulletins.mediaLibrary')}>
            {items.map((m) => (
              <li key={m.id}>
                <figure className="media-figure">
                  <MediaPreview media={m} size="medium" />
                  <figcaption>
                    <MediaCaption media={m} />
                    <br />
                    <Link to={`/bulletins/new?mediaId=${m.id}`} aria-label={`${t('bulletins.useInNew')}: ${mediaName(m)}`}>
                      {t('bulletins.useInNew')}
                    </Link>
                  </figcaption>
                </figure>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}
