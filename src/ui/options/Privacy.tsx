import { t } from '../shared/i18n';

export function Privacy() {
  return (
    <section aria-labelledby="cc-privacy-title" class="cc-prose">
      <h2 id="cc-privacy-title" class="cc-section-title">
        {t('options_privacyTitle')}
      </h2>
      <p>{t('options_privacyLocal')}</p>
      <p>{t('options_privacyNetwork')}</p>
      <p data-privacy="archive">{t('options_privacyArchive')}</p>
      <p data-privacy="watch">{t('options_privacyWatch')}</p>
      <p>{t('options_privacyPermissions')}</p>
      <p>{t('options_privacyDelete')}</p>
    </section>
  );
}
