import { describe, expect, it } from 'vitest';

import { splitMbox } from './import-mail';

describe('splitMbox', () => {
  it('splits at "From " lines that open the file or follow a blank line, and unquotes mboxrd ">From "', () => {
    const mbox = [
      'From a@example.com Mon Nov 23 09:00:00 2026',
      'Subject: bir',
      '',
      'Merhaba',
      'From the start of a line inside a paragraph stays.',
      '',
      '>From quoted',
      '>>From twice quoted',
      '',
      'From b@example.com Mon Nov 23 09:05:00 2026',
      'Subject: iki',
      '',
      'Güle güle',
      '',
    ].join('\n');
    const messages = splitMbox(Buffer.from(mbox, 'utf8')).map((m) => m.toString('utf8'));
    expect(messages).toEqual([
      'Subject: bir\n\nMerhaba\nFrom the start of a line inside a paragraph stays.\n\nFrom quoted\n>From twice quoted\n',
      'Subject: iki\n\nGüle güle\n',
    ]);
    expect(splitMbox(Buffer.from('no mbox here'))).toEqual([]);
  });
});
