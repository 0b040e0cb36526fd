/** The protocol bound to the browser's runtime messaging. Import from here, never define another. */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProtocolMap } from '../protocol/types';

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
