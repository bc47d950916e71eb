export { CardReader, isPcscdReachable } from './reader/card-reader';
export type { CardReaderErrorCode, CardReaderEvent, CardReaderListener, CardReaderOptions } from './reader/card-reader';
export { readTap } from './reader/read-tap';
export type { CardStandard, NoSunReason, ReadTapOptions, TapReadFailure, TapReadResult, Transmit } from './reader/read-tap';
export {
  decodeUriRecord,
  encodeNdefFile,
  encodeUriMessage,
  firstUri,
  parseNdefMessage,
  sunFromNdefMessage,
} from './reader/ndef';
export type { NdefFailure, NdefRecord, NdefResult, NdefSunResult } from './reader/ndef';
export { NDEF_APP_AID, NDEF_FILE_ID, SW } from './reader/apdu';
export { VirtualCard, VPCD_DEFAULT_PORT } from './virtual-card/virtual-card';
export type { InsertOptions, TearPoint, VirtualCardOptions } from './virtual-card/virtual-card';
export { ATR_ISO14443_3, ATR_ISO14443_4, DEFAULT_SUN_BASE_URL, Ntag424Applet } from './virtual-card/ntag424-applet';
export type { CardKeys, CardStep, VirtualCardMode } from './virtual-card/ntag424-applet';
