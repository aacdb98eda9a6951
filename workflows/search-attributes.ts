import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes; registered on the server by `npm start`, the tests and docker-compose. */
export const PorticoAccountId = defineSearchAttributeKey('PorticoAccountId', SearchAttributeType.KEYWORD);
export const PorticoStatus = defineSearchAttributeKey('PorticoStatus', SearchAttributeType.KEYWORD);
export const PorticoWaitingOn = defineSearchAttributeKey('PorticoWaitingOn', SearchAttributeType.KEYWORD);
