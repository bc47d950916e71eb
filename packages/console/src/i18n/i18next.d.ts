import 'i18next';

import type { Messages } from './tr';

// Translation keys are checked by the compiler: `t('queue.titel')` does not typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
